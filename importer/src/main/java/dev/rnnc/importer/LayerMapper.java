package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Add;
import dev.rnnc.annotations.Average;
import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Concatenate;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.Multiply;
import dev.rnnc.annotations.TimeDistributed;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Maps one Keras layer config to its rnnc annotations (a wrapper's and the layer's), option by
 * option.
 *
 * <p>Options that change what the layer computes at inference are mapped or, when rnnc cannot
 * express them, reported as problems. Options that act only in training or on how Keras runs are
 * dropped: initializers, regularizers, constraints, seeds, {@code trainable}, Dropout's {@code
 * noise_shape}, and {@code use_cudnn} silently; {@code unroll} where rnnc cannot unroll, and {@code
 * zero_output_for_mask} where no mask reaches the layer, with a note, since a reader of the Keras
 * code will look for them. Cell {@code dropout} / {@code recurrent_dropout} act only in training
 * but are declared ({@code dropout}, {@code recurrentDropout}), so that an imported model trains as
 * in Keras.
 */
final class LayerMapper {
  private static final String SUPPORTED =
      "rnnc has LSTM, GRU, SimpleRNN, RNN over LSTMCell, GRUCell and SimpleRNNCell, Dense,"
          + " Embedding, Masking, Dropout, Concatenate, Add, Multiply and Average layers,"
          + " Bidirectional around a recurrent layer and TimeDistributed around a Dense";
  private static final Set<String> MERGE_MODES = Set.of("concat", "sum", "mul", "ave");

  private final List<String> problems;
  private final RecurrentMapper recurrent;
  private final UnaryOperator<String> names;

  /**
   * @param problems where problems go, shared by every layer of the model
   * @param stepCalls whether the interface will declare a step call
   * @param names gives the method name of a declaration that is no Keras layer of its own (a
   *     Bidirectional's backward layer), from its Keras name
   */
  LayerMapper(List<String> problems, boolean stepCalls, UnaryOperator<String> names) {
    this.problems = problems;
    this.recurrent = new RecurrentMapper(stepCalls);
    this.names = names;
  }

  /** What a layer maps to, before it is named. */
  private record Mapped(
      ImportedLayer.Annotated wrapper,
      ImportedLayer.Annotated layer,
      Shape output,
      List<ImportedLayer.Ignored> ignored,
      KerasLayer backward,
      ImportedLayer.Annotated backwardLayer,
      List<ImportedLayer.Ignored> backwardIgnored) {
    Mapped(
        ImportedLayer.Annotated wrapper,
        ImportedLayer.Annotated layer,
        Shape output,
        List<ImportedLayer.Ignored> ignored) {
      this(wrapper, layer, output, ignored, null, null, List.of());
    }
  }

  /**
   * Maps a layer.
   *
   * @param name its method name, and the earlier layer its Keras name clashes with (or null)
   * @param input the shape entering the layer, or null when unknown (after a refused layer)
   * @param first whether it is the model's first layer after the input
   * @param masked whether a mask reaches it
   * @return the layer, or null when it cannot be mapped (problems added)
   */
  ImportedLayer map(
      KerasLayer layer, JavaNames.MethodName name, Shape input, boolean first, boolean masked) {
    LayerOptions options = new LayerOptions(layer, problems);
    int before = problems.size();
    options.requireFloat32();
    Mapped mapped =
        switch (layer.className()) {
          case "LSTM", "GRU", "SimpleRNN" -> {
            ImportedLayer.Annotated annotated = recurrent.map(layer, options, input, masked);
            yield new Mapped(
                null,
                annotated,
                RecurrentMapper.output(
                    input,
                    returnsSequences(annotated),
                    (Integer) annotated.attributes().get("units")),
                options.ignored());
          }
          case "RNN" -> {
            ImportedLayer.Annotated annotated = recurrent.mapRnn(layer, options, input, masked);
            yield annotated == null
                ? null
                : new Mapped(
                    null,
                    annotated,
                    RecurrentMapper.output(
                        input, returnsSequences(annotated), RecurrentMapper.width(annotated)),
                    options.ignored());
          }
          case "Bidirectional" -> bidirectional(layer, options, input, masked);
          case "Concatenate", "Add", "Multiply", "Average" -> {
            options.problem("a merge layer takes several inputs, but this call has one");
            yield null;
          }
          case "Dense" -> {
            ImportedLayer.Annotated dense = dense(options);
            yield new Mapped(null, dense, withUnits(input, dense), options.ignored());
          }
          case "TimeDistributed" -> timeDistributed(layer, options, input);
          case "Embedding" -> embedding(options, input, first);
          case "Masking" -> masking(options, input);
          case "Dropout" -> dropout(options, input);
          default -> {
            options.problem(unsupportedType(layer.className()));
            yield null;
          }
        };
    if (mapped == null || problems.size() > before) {
      return null;
    }
    ImportedLayer.Backward backward = null;
    ImportedLayer.Annotated wrapper = mapped.wrapper();
    if (mapped.backward() != null) {
      String backwardName = names.apply(mapped.backward().config().path("name").asText("backward"));
      Map<String, Object> attributes = new LinkedHashMap<>(wrapper.attributes());
      attributes.put("backwardLayer", backwardName);
      wrapper = new ImportedLayer.Annotated(wrapper.type(), attributes);
      backward =
          new ImportedLayer.Backward(
              backwardName,
              mapped.backward().config().path("name").asText(),
              mapped.backwardLayer(),
              mapped.backwardIgnored());
    }
    return new ImportedLayer(
        layer.name(),
        layer.className(),
        name.name(),
        name.clashesWith(),
        wrapper,
        mapped.layer(),
        input,
        mapped.output(),
        mapped.ignored(),
        List.of(),
        null,
        backward);
  }

  /**
   * Maps a merge layer ({@code Concatenate} on the last axis, {@code Add}, {@code Multiply}, {@code
   * Average}) on the shapes of its inputs (null entries: unknown).
   */
  ImportedLayer mapMerge(KerasLayer layer, JavaNames.MethodName name, List<Shape> inputs) {
    LayerOptions options = new LayerOptions(layer, problems);
    int before = problems.size();
    options.requireFloat32();
    Class<? extends Annotation> type =
        switch (layer.className()) {
          case "Concatenate" -> Concatenate.class;
          case "Add" -> Add.class;
          case "Multiply" -> Multiply.class;
          default -> Average.class;
        };
    Shape output = null;
    if (inputs.stream().allMatch(Objects::nonNull)) {
      Shape first = inputs.getFirst();
      boolean sameKind =
          inputs.stream()
              .allMatch(
                  s ->
                      s.kind() == first.kind() && Objects.equals(s.timesteps(), first.timesteps()));
      if (type == Concatenate.class) {
        int axis = (int) options.number("axis", -1);
        int rank = first.isSequence() ? 2 : 1;
        if (axis != -1 && axis != rank) {
          options.problem(
              "axis = " + axis + " is not supported: rnnc concatenates on the last axis (-1)");
        }
        output = first.withSize(inputs.stream().mapToInt(Shape::size).sum());
      } else {
        output = first;
      }
      if (!sameKind
          || (type != Concatenate.class
              && inputs.stream().anyMatch(s -> s.size() != first.size()))) {
        options.problem(
            "its inputs "
                + inputs
                + " differ in kind, timesteps"
                + (type == Concatenate.class ? "" : " or width")
                + "; rnnc merges inputs of one shape");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new ImportedLayer(
        layer.name(),
        layer.className(),
        name.name(),
        name.clashesWith(),
        null,
        new ImportedLayer.Annotated(type, Map.of()),
        inputs.getFirst(),
        output,
        options.ignored(),
        List.of(),
        null,
        null);
  }

  private Mapped bidirectional(
      KerasLayer layer, LayerOptions options, Shape input, boolean masked) {
    var mergeMode = options.value("merge_mode");
    String mode =
        mergeMode.isMissingNode() ? "concat" : mergeMode.isTextual() ? mergeMode.asText() : null;
    if (mode == null) {
      mode = "none";
    } else if (!MERGE_MODES.contains(mode)) {
      options.problem(
          "merge_mode '" + mode + "' is not supported; rnnc merges by concat, sum, mul or ave");
    }
    KerasLayer forward = layer.wrapped("layer");
    boolean cells = forward.className().equals("RNN");
    if (!KerasLayer.RECURRENT.contains(forward.className()) && !cells) {
      options.problem(
          "Bidirectional wraps a "
              + forward.className()
              + "; rnnc's @Bidirectional wraps an LSTM, GRU, SimpleRNN"
              + " or RNN of built-in cells");
      return null;
    }
    LayerOptions forwardOptions = new LayerOptions(forward, problems);
    forwardOptions.requireFloat32();
    ImportedLayer.Annotated annotated =
        cells
            ? recurrent.mapRnn(forward, forwardOptions, input, masked)
            : recurrent.map(forward, forwardOptions, input, masked);
    if (annotated == null) {
      return null;
    }
    int units = RecurrentMapper.width(annotated);
    int backwardUnits = units;
    KerasLayer backward = null;
    ImportedLayer.Annotated backwardAnnotated = null;
    List<ImportedLayer.Ignored> backwardIgnored = List.of();
    if (hasOwnBackwardLayer(layer, forward)) {
      backward = layer.wrapped("backward_layer");
      if (!KerasLayer.RECURRENT.contains(backward.className())) {
        options.problem(
            "backward_layer is a "
                + backward.className()
                + "; rnnc declares a backward layer as an LSTM, GRU or SimpleRNN");
        return null;
      }
      if (cells) {
        options.problem(
            "backward_layer around an RNN of cells is not supported: rnnc's @Bidirectional takes"
                + " backwardLayer only around an LSTM, GRU or SimpleRNN");
        return null;
      }
      LayerOptions backwardOptions = new LayerOptions(backward, problems);
      backwardOptions.requireFloat32();
      backwardAnnotated = recurrent.map(backward, backwardOptions, input, masked);
      backwardIgnored = backwardOptions.ignored();
      backwardUnits = RecurrentMapper.width(backwardAnnotated);
    }
    if (cells && (mode.equals("none") || forwardOptions.flag("stateful", false))) {
      options.problem(
          (mode.equals("none") ? "merge_mode = None" : "stateful = true")
              + " around an RNN of cells is not supported: rnnc's @Bidirectional around @RNN merges"
              + " by concat, sum, mul or ave and is not stateful");
    }
    int width =
        switch (mode) {
          case "concat" -> units + backwardUnits;
          default -> units;
        };
    Map<String, Object> wrapperAttributes = new LinkedHashMap<>();
    wrapperAttributes.put("mergeMode", mode);
    wrapperAttributes.put("backwardLayer", "");
    List<ImportedLayer.Ignored> ignored = new ArrayList<>(options.ignored());
    ignored.addAll(forwardOptions.ignored());
    return new Mapped(
        new ImportedLayer.Annotated(Bidirectional.class, wrapperAttributes),
        annotated,
        RecurrentMapper.output(input, returnsSequences(annotated), width),
        ignored,
        backward,
        backwardAnnotated,
        backwardIgnored);
  }

  /**
   * Options that make a Bidirectional's {@code backward_layer} more than the wrapped layer run
   * backwards (Keras saves a backward layer for every Bidirectional, most of them that copy).
   */
  private static final List<String> BACKWARD_OWN =
      List.of(
          "units",
          "activation",
          "recurrent_activation",
          "use_bias",
          "unit_forget_bias",
          "reset_after",
          "unroll",
          "dropout",
          "recurrent_dropout",
          "dtype");

  /** Whether the Bidirectional's backward layer must be declared as a method of its own. */
  private static boolean hasOwnBackwardLayer(KerasLayer layer, KerasLayer forward) {
    JsonNode entry = layer.config().path("backward_layer");
    if (entry.isMissingNode() || entry.isNull()) {
      return false;
    }
    KerasLayer backward = layer.wrapped("backward_layer");
    return !backward.className().equals(forward.className())
        || BACKWARD_OWN.stream()
            .anyMatch(k -> !backward.config().path(k).equals(forward.config().path(k)));
  }

  private Mapped timeDistributed(KerasLayer layer, LayerOptions options, Shape input) {
    KerasLayer inner = layer.wrapped("layer");
    if (!inner.className().equals("Dense")) {
      options.problem(
          "TimeDistributed wraps a "
              + inner.className()
              + "; rnnc's @TimeDistributed wraps only a Dense");
      return null;
    }
    LayerOptions innerOptions = new LayerOptions(inner, problems);
    innerOptions.requireFloat32();
    ImportedLayer.Annotated dense = dense(innerOptions);
    return new Mapped(
        new ImportedLayer.Annotated(TimeDistributed.class, Map.of()),
        dense,
        withUnits(input, dense),
        innerOptions.ignored());
  }

  private static ImportedLayer.Annotated dense(LayerOptions options) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("units", options.positiveInt("units"));
    attributes.put("activation", options.activation("activation", "linear", true));
    attributes.put("useBias", options.flag("use_bias", true));
    refuseLoraAndQuantization(options);
    return new ImportedLayer.Annotated(Dense.class, attributes);
  }

  private static Mapped embedding(LayerOptions options, Shape input, boolean first) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    int inputDim = options.positiveInt("input_dim");
    attributes.put("inputDim", inputDim);
    int outputDim = options.positiveInt("output_dim");
    attributes.put("outputDim", outputDim);
    boolean maskZero = options.flag("mask_zero", false);
    attributes.put("maskZero", maskZero);
    if (maskZero && inputDim < 2) {
      options.problem(
          "mask_zero = true with input_dim = "
              + inputDim
              + " leaves no token id beside the padding id 0;"
              + " rnnc needs input_dim >= 2");
    }
    refuseLoraAndQuantization(options);
    if (!first) {
      options.problem(
          "an Embedding must be the model's first layer in rnnc (it takes the token-id input)");
    }
    Shape output = input == null ? null : Shape.sequence(input.timesteps(), outputDim);
    return new Mapped(
        null, new ImportedLayer.Annotated(Embedding.class, attributes), output, options.ignored());
  }

  private static Mapped masking(LayerOptions options, Shape input) {
    if (input != null && !input.isSequence()) {
      options.problem(
          "Masking needs a sequence (timesteps, features), but its input is "
              + input
              + "; rnnc masks timesteps");
    }
    Map<String, Object> attributes = Map.of("maskValue", options.number("mask_value", 0));
    return new Mapped(
        null, new ImportedLayer.Annotated(Masking.class, attributes), input, options.ignored());
  }

  private static Mapped dropout(LayerOptions options, Shape input) {
    double rate = options.number("rate", 0);
    if (!(rate >= 0 && rate < 1)) {
      options.problem(
          "rate = " + rate + " is not supported: rnnc's Dropout takes a rate in [0, 1)");
    }
    return new Mapped(
        null,
        new ImportedLayer.Annotated(Dropout.class, Map.of("rate", rate)),
        input,
        options.ignored());
  }

  private static boolean returnsSequences(ImportedLayer.Annotated recurrentLayer) {
    return (Boolean) recurrentLayer.attributes().get("returnSequences");
  }

  private static Shape withUnits(Shape input, ImportedLayer.Annotated dense) {
    return input == null ? null : input.withSize((Integer) dense.attributes().get("units"));
  }

  private static void refuseLoraAndQuantization(LayerOptions options) {
    options.unsupportedIfSet(
        "lora_rank", "rnnc reads plain kernels; merge the LoRA update into the kernel first");
    options.unsupportedIfSet("quantization_config", "rnnc reads float32 weights");
  }

  /** Why a layer type is refused, with what to do instead where there is something. */
  static String unsupportedType(String className) {
    return switch (className) {
      case "Sequential", "Functional", "Model" ->
          "nested models are not supported: build one flat model";
      default -> "layer type " + className + " is not supported; " + SUPPORTED;
    };
  }
}
