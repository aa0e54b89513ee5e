package dev.rnnc.importer;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Dropout;
import dev.rnnc.annotations.Embedding;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.SimpleRNN;
import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps one Keras layer config to its rnnc annotation, option by option.
 *
 * <p>Options that change what the layer computes at inference are mapped or, when rnnc cannot
 * express them, reported as problems. Options that act only in training or on how Keras runs
 * are dropped: initializers, regularizers, constraints, seeds, {@code trainable}, Dropout's
 * {@code noise_shape}, and {@code use_cudnn} silently; cell {@code dropout} /
 * {@code recurrent_dropout}, {@code unroll} and {@code zero_output_for_mask} (which needs a mask,
 * and masks are refused) with a note, since a reader of the Keras code will look for them.
 */
final class LayerMapper {
  private static final String SUPPORTED = "rnnc has LSTM, GRU, SimpleRNN, Dense, Embedding and Dropout layers";

  private final List<String> problems;

  /** @param problems where problems go, shared by every layer of the model */
  LayerMapper(List<String> problems) {
    this.problems = problems;
  }

  /**
   * Maps a layer.
   *
   * @param input the shape entering the layer, or null when unknown (after a refused layer)
   * @param first whether it is the model's first layer after the input
   * @return the layer, or null when it cannot be mapped (problems added)
   */
  ImportedLayer map(KerasLayer layer, String methodName, Shape input, boolean first) {
    LayerOptions options = new LayerOptions(layer, problems);
    int before = problems.size();
    options.requireFloat32();
    Map<String, Object> attributes = new LinkedHashMap<>();
    Class<? extends Annotation> annotation;
    Shape output;
    switch (layer.className()) {
      case "LSTM", "GRU", "SimpleRNN" -> {
        annotation = recurrent(layer.className(), options, attributes);
        int units = (Integer) attributes.get("units");
        boolean sequences = (Boolean) attributes.get("returnSequences");
        output = input == null ? null : sequences ? Shape.sequence(input.timesteps(), units) : Shape.vector(units);
      }
      case "Dense" -> {
        annotation = Dense.class;
        int units = options.positiveInt("units");
        attributes.put("units", units);
        attributes.put("activation", options.activation("activation", "linear", true));
        attributes.put("useBias", options.flag("use_bias", true));
        refuseLoraAndQuantization(options);
        output = input == null ? null : input.withSize(units);
      }
      case "Embedding" -> {
        annotation = Embedding.class;
        attributes.put("inputDim", options.positiveInt("input_dim"));
        int outputDim = options.positiveInt("output_dim");
        attributes.put("outputDim", outputDim);
        options.unsupportedIfTrue("mask_zero", "rnnc has no masking yet, and padded steps would change the result");
        refuseLoraAndQuantization(options);
        if (!first) {
          options.problem("an Embedding must be the model's first layer in rnnc (it takes the token-id input)");
        }
        output = input == null ? null : Shape.sequence(input.timesteps(), outputDim);
      }
      case "Dropout" -> {
        annotation = Dropout.class;
        double rate = options.number("rate", 0);
        if (!(rate >= 0 && rate < 1)) {
          options.problem("rate = " + rate + " is not supported: rnnc's Dropout takes a rate in [0, 1)");
        }
        attributes.put("rate", rate);
        output = input;
      }
      default -> {
        options.problem(unsupportedType(layer.className()));
        return null;
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new ImportedLayer(layer.name(), layer.className(), methodName, annotation, attributes, input, output,
        options.ignored());
  }

  private static Class<? extends Annotation> recurrent(String kind, LayerOptions options,
      Map<String, Object> attributes) {
    attributes.put("units", options.positiveInt("units"));
    attributes.put("activation", options.activation("activation", "tanh", false));
    if (!kind.equals("SimpleRNN")) {
      attributes.put("recurrentActivation", options.activation("recurrent_activation", "sigmoid", false));
    }
    attributes.put("useBias", options.flag("use_bias", true));
    if (kind.equals("LSTM")) {
      attributes.put("unitForgetBias", options.flag("unit_forget_bias", true));
    }
    if (kind.equals("GRU")) {
      attributes.put("resetAfter", options.flag("reset_after", true));
    }
    attributes.put("returnSequences", options.flag("return_sequences", false));

    options.unsupportedIfTrue("return_state", "rnnc layers pass on only their output, not their states");
    options.unsupportedIfTrue("go_backwards", "rnnc runs recurrent layers forward in time only");
    options.unsupportedIfTrue("stateful", "rnnc starts every call from zero states");
    options.ignoredIfTrue("unroll", "it changes how Keras runs the loop, not the result");
    options.ignoredIfTrue("zero_output_for_mask", "it only acts on masked steps, and the model has no mask");
    double dropout = options.number("dropout", 0);
    double recurrentDropout = options.number("recurrent_dropout", 0);
    if (dropout > 0 || recurrentDropout > 0) {
      options.ignored("dropout = " + dropout + ", recurrent_dropout = " + recurrentDropout,
          "cell dropout acts only in training");
    }
    return switch (kind) {
      case "LSTM" -> LSTM.class;
      case "GRU" -> GRU.class;
      default -> SimpleRNN.class;
    };
  }

  private static void refuseLoraAndQuantization(LayerOptions options) {
    options.unsupportedIfSet("lora_rank", "rnnc reads plain kernels; merge the LoRA update into the kernel first");
    options.unsupportedIfSet("quantization_config", "rnnc reads float32 weights");
  }

  /** Why a layer type is refused, with what to do instead where there is something. */
  static String unsupportedType(String className) {
    return switch (className) {
      case "Bidirectional" -> "Bidirectional is not supported yet; " + SUPPORTED;
      case "Masking" -> "Masking is not supported yet: rnnc has no masking";
      case "TimeDistributed" -> "TimeDistributed is not supported: for TimeDistributed(Dense(...)), use the Dense"
          + " directly (Keras applies Dense to every timestep, with the same weights)";
      case "RNN" -> "the generic RNN(cell) layer is not supported: use keras.layers.LSTM, GRU or SimpleRNN"
          + " (the same math and weights)";
      case "Sequential", "Functional", "Model" -> "nested models are not supported: build one flat model";
      default -> "layer type " + className + " is not supported; " + SUPPORTED;
    };
  }
}
