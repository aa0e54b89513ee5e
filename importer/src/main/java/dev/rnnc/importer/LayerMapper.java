package dev.rnnc.importer;

import dev.rnnc.annotations.Bidirectional;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.Masking;
import dev.rnnc.annotations.TimeDistributed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
      "rnnc has LSTM, GRU, SimpleRNN, Dense, Embedding, Masking and Dropout"
          + " layers, Bidirectional around a recurrent layer and TimeDistributed around a Dense";
  private static final Set<String> MERGE_MODES = Set.of("concat", "sum", "mul", "ave");

  private final List<String> problems;
  private final RecurrentMapper recurrent;

  /**
   * @param problems where problems go, shared by every layer of the model
   * @param stepCalls whether the interface will declare a step call
   */
  LayerMapper(List<String> problems, boolean stepCalls) {
    this.problems = problems;
    this.recurrent = new RecurrentMapper(stepCalls);
  }

  /** What a layer maps to, before it is named. */
  private record Mapped(
      ImportedLayer.Annotated wrapper,
      ImportedLayer.Annotated layer,
      Shape output,
      List<ImportedLayer.Ignored> ignored) {}

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
          case "Bidirectional" -> bidirectional(layer, options, input, masked);
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
    return new ImportedLayer(
        layer.name(),
        layer.className(),
        name.name(),
        name.clashesWith(),
        mapped.wrapper(),
        mapped.layer(),
        input,
        mapped.output(),
        mapped.ignored());
  }

  private Mapped bidirectional(
      KerasLayer layer, LayerOptions options, Shape input, boolean masked) {
    var mergeMode = options.value("merge_mode");
    String mode =
        mergeMode.isMissingNode() ? "concat" : mergeMode.isTextual() ? mergeMode.asText() : null;
    if (mode == null) {
      options.problem(
          "merge_mode = None (the two directions' outputs returned separately) is not supported: an"
              + " rnnc layer has one output; use concat, sum, mul or ave");
    } else if (!MERGE_MODES.contains(mode)) {
      options.problem(
          "merge_mode '" + mode + "' is not supported; rnnc merges by concat, sum, mul or ave");
    }
    KerasLayer forward = layer.wrapped("layer");
    if (!KerasLayer.RECURRENT.contains(forward.className())) {
      options.problem(
          "Bidirectional wraps a "
              + forward.className()
              + "; rnnc's @Bidirectional wraps an LSTM, GRU"
              + " or SimpleRNN");
      return null;
    }
    LayerOptions forwardOptions = new LayerOptions(forward, problems);
    forwardOptions.requireFloat32();
    ImportedLayer.Annotated annotated = recurrent.map(forward, forwardOptions, input, masked);
    RecurrentMapper.checkBackwardLayer(layer, forward, options);
    int units = (Integer) annotated.attributes().get("units");
    int width = "concat".equals(mode) ? 2 * units : units;
    Map<String, Object> wrapperAttributes = new LinkedHashMap<>();
    wrapperAttributes.put("mergeMode", mode == null ? "concat" : mode);
    List<ImportedLayer.Ignored> ignored = new ArrayList<>(options.ignored());
    ignored.addAll(forwardOptions.ignored());
    return new Mapped(
        new ImportedLayer.Annotated(Bidirectional.class, wrapperAttributes),
        annotated,
        RecurrentMapper.output(input, returnsSequences(annotated), width),
        ignored);
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
      case "RNN" ->
          "the generic RNN(cell) layer is not supported: use keras.layers.LSTM, GRU or SimpleRNN"
              + " (the same math and weights)";
      case "Sequential", "Functional", "Model" ->
          "nested models are not supported: build one flat model";
      default -> "layer type " + className + " is not supported; " + SUPPORTED;
    };
  }
}
