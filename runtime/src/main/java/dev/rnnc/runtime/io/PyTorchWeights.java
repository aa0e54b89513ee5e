package dev.rnnc.runtime.io;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.RnncModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads a PyTorch {@code state_dict} saved as safetensors into a model:
 *
 * <pre>{@code
 * # Python
 * safetensors.torch.save_file(model.state_dict(), "model.safetensors")
 *
 * // Java
 * RnncTagger model = RnncTagger.create(0);
 * PyTorchWeights.load(Path.of("model.safetensors"), model);
 * }</pre>
 *
 * <p>What loads into what:
 *
 * <ul>
 *   <li>{@code nn.LSTM}, {@code nn.GRU}, {@code nn.RNN} (tanh or relu) with {@code num_layers = N}
 *       feed N consecutive {@code @LSTM}, {@code @GRU}, {@code @SimpleRNN} layers, layer {@code k}
 *       from {@code weight_ih_lk, weight_hh_lk, bias_ih_lk, bias_hh_lk}; {@code nn.LSTMCell},
 *       {@code GRUCell}, {@code RNNCell} one layer each. {@code batch_first} does not affect
 *       weights. A {@code @GRU} must have {@code resetAfter = true} (PyTorch's GRU); a
 *       {@code @SimpleRNN} must declare the module's nonlinearity itself ({@code activation =
 *       "relu"} for {@code nonlinearity='relu'}): the state_dict does not record it.
 *   <li>{@code bidirectional=True} modules feed {@code @Bidirectional} layers: the forward tensors
 *       the {@code forward_layer/*} variables, the {@code _reverse} ones the {@code
 *       backward_layer/*} variables. PyTorch concatenates both directions, so layer {@code k > 0}
 *       of a multi-layer module sits on a {@code @Bidirectional(mergeMode = "concat")}.
 *   <li>An {@code @LSTM}/{@code @GRU}/{@code @SimpleRNN} with {@code numLayers = N} (and any
 *       {@code @RNN} over built-in cells) takes one PyTorch layer per cell, as layers named {@code
 *       <layer>[k]}: {@code encoder[1]} takes {@code encoder.weight_ih_l1}, ... by name, else by
 *       kind and order like N consecutive layers.
 *   <li>{@code nn.LSTM(proj_size = P)} feeds {@code @LSTM(projSize = P)}: {@code weight_hr_lk}
 *       transposed is {@code projection_kernel}; bidirectional projections too.
 *   <li>{@code nn.Linear} feeds {@code @Dense} (or {@code @TimeDistributed @Dense}), {@code
 *       nn.Embedding} feeds {@code @Embedding}.
 * </ul>
 *
 * A declaration that does not fit the file — a plain layer for a bidirectional module, a projection
 * on one side only — is refused with a message that says what to declare.
 *
 * <p>Layers are matched as {@link TorchMatcher} describes: a {@link PyTorchMapping} first, then
 * names, then kind and order (see {@code docs/weights.md}). Gate order and orientation are
 * converted once, here; the model then computes what PyTorch computes. Everything is read and
 * checked before any variable is set: a load either replaces all of the model's weights or,
 * throwing, none.
 */
public final class PyTorchWeights {
  private static final String ACTION = "cannot load PyTorch weights from";

  private PyTorchWeights() {}

  /**
   * Loads every weight of {@code model} from a safetensors state_dict, matching layers by name,
   * else by kind and order.
   *
   * @throws WeightsException if the file is damaged, not safetensors, or does not fit the model;
   *     the message lists every problem. The model is then unchanged.
   * @throws IOException if the file cannot be opened
   */
  public static void load(Path file, RnncModel model) throws IOException {
    load(file, model, PyTorchMapping.byName());
  }

  /**
   * As {@link #load(Path, RnncModel)} for a model held as its own interface type ({@code Tagger m =
   * RnncTagger.create(0)}).
   *
   * @throws IllegalArgumentException if {@code model} is not a model rnnc generated (see {@link
   *     RnncModel#of})
   */
  public static void load(Path file, Object model) throws IOException {
    load(file, RnncModel.of(model));
  }

  /**
   * As {@link #load(Path, RnncModel, PyTorchMapping)} for a model held as its own interface type.
   */
  public static void load(Path file, Object model, PyTorchMapping mapping) throws IOException {
    load(file, RnncModel.of(model), mapping);
  }

  /**
   * As {@link #load(Path, RnncModel)}, with layers that the mapping names taken from the PyTorch
   * layers it gives, and the modules it ignores left out.
   */
  public static void load(Path file, RnncModel model, PyTorchMapping mapping) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(mapping, "mapping");
    try (SafeTensorsReader reader = open(file)) {
      if (RnncWeights.FORMAT.equals(reader.metadata().get(RnncWeights.FORMAT_KEY))) {
        throw new WeightsException(
            ACTION,
            file,
            null,
            List.of(
                "this is an rnnc weight file, not a PyTorch state_dict; load it with RnncWeights.load"),
            null);
      }
      List<TensorEntry> tensors =
          reader.tensors().stream().filter(t -> !mapping.ignores(t.name())).toList();
      // A stacked layer (numLayers) takes one PyTorch layer per cell: encoder[0], encoder[1], ...
      List<Layer> layers = StackedCellWeights.perCell(model.layers());
      TorchMatcher.Result matching = TorchMatcher.match(layers, TorchUnit.group(tensors), mapping);
      PendingAssignments pending = new PendingAssignments();
      for (Layer layer : layers) {
        TorchUnit unit = matching.pairs().get(layer);
        if (unit != null) {
          TorchConversion.load(layer, unit, reader, pending);
        }
      }
      matching.problems().forEach(pending::problem);
      if (!pending.problems().isEmpty()) {
        throw new WeightsException(
            ACTION, file, "into model " + model.modelName(), pending.problems(), null);
      }
      pending.apply();
    }
  }

  private static SafeTensorsReader open(Path file) throws IOException {
    if (WeightFiles.isDirectory(file)) {
      throw new WeightsException(ACTION, file, null, List.of(WeightFiles.DIRECTORY), null);
    }
    try {
      return SafeTensorsReader.open(file);
    } catch (BadWeightFile e) {
      throw new WeightsException(ACTION, file, null, List.of(e.getMessage()), e.getCause());
    }
  }
}
