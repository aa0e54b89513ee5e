package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.SimpleRNN;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the options of a Keras LSTM, GRU or SimpleRNN, on its own or wrapped by Bidirectional, to
 * its rnnc annotation; and checks a Bidirectional's {@code backward_layer}.
 *
 * <p>{@code unroll} is mapped where the processor can unroll (a fixed number of timesteps up to its
 * default limit, no step call) and dropped with a note elsewhere: Keras' unrolled loop computes
 * what its loop computes, except in one Keras 3.15 corner that is refused (see {@link
 * #refuseUnrollCorner}).
 */
final class RecurrentMapper {
  /** The processor's default {@code -Arnnc.unrollLimit}. */
  static final int UNROLL_LIMIT = 32;

  /**
   * Options of the forward and backward layer of a Bidirectional that must agree (Keras checks a
   * few itself).
   */
  private static final List<String> BACKWARD_MUST_MATCH =
      List.of(
          "units",
          "activation",
          "recurrent_activation",
          "use_bias",
          "unit_forget_bias",
          "reset_after",
          "return_sequences",
          "return_state",
          "stateful",
          "unroll");

  private final boolean stepCalls;

  /**
   * @param stepCalls whether the interface will declare a step call (which the processor cannot
   *     unroll)
   */
  RecurrentMapper(boolean stepCalls) {
    this.stepCalls = stepCalls;
  }

  /**
   * The annotation of a recurrent layer.
   *
   * @param layer the layer, or the layer a Bidirectional wraps ({@link KerasLayer#wrapper()} set)
   * @param input the shape entering it, or null when unknown
   * @param masked whether a mask reaches it
   */
  ImportedLayer.Annotated map(KerasLayer layer, LayerOptions options, Shape input, boolean masked) {
    String kind = layer.className();
    boolean bidirectional = layer.wrapper() != null;
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("units", options.positiveInt("units"));
    attributes.put("activation", options.activation("activation", "tanh", false));
    if (!kind.equals("SimpleRNN")) {
      attributes.put(
          "recurrentActivation", options.activation("recurrent_activation", "sigmoid", false));
    }
    attributes.put("useBias", options.flag("use_bias", true));
    if (kind.equals("LSTM")) {
      attributes.put("unitForgetBias", options.flag("unit_forget_bias", true));
    }
    if (kind.equals("GRU")) {
      attributes.put("resetAfter", options.flag("reset_after", true));
    }
    boolean sequences = options.flag("return_sequences", false);
    attributes.put("returnSequences", sequences);
    attributes.put("goBackwards", options.flag("go_backwards", false));
    attributes.put("stateful", options.flag("stateful", false));
    attributes.put("unroll", unroll(options, input));
    if (!bidirectional) {
      // In a Bidirectional, Keras sets zero_output_for_mask = return_sequences on both
      // directions itself, and so does @Bidirectional: the wrapped config's value says nothing.
      boolean zeroOutput = options.flag("zero_output_for_mask", false);
      if (zeroOutput && !masked) {
        options.ignored(
            "zero_output_for_mask = true",
            "it only acts on masked steps, and no mask reaches this layer");
      }
      attributes.put("zeroOutputForMask", zeroOutput && masked);
    }

    options.unsupportedIfTrue(
        "return_state", "rnnc layers pass on only their output, not their states");
    refuseUnrollCorner(options, masked, sequences, bidirectional);
    dropoutRate(options, "dropout", "dropout", attributes);
    dropoutRate(options, "recurrent_dropout", "recurrentDropout", attributes);
    return new ImportedLayer.Annotated(annotation(kind), attributes);
  }

  /**
   * A cell dropout rate, declared for training (inference ignores it, as Keras does). Keras applies
   * one only for {@code 0 < rate < 1} (keras/src/layers/rnn/lstm.py, {@code if 0 < self.dropout <
   * 1}); a rate of 1 or more acts nowhere in Keras and is dropped with a note.
   */
  private static void dropoutRate(
      LayerOptions options, String key, String attribute, Map<String, Object> attributes) {
    double rate = options.number(key, 0);
    if (rate >= 1) {
      options.ignored(key + " = " + rate, "Keras applies cell dropout only below 1");
    } else if (rate > 0) {
      attributes.put(attribute, rate);
    }
  }

  /**
   * The output of a recurrent layer of {@code width} units per step (2·units for a concatenating
   * Bidirectional).
   */
  static Shape output(Shape input, boolean sequences, int width) {
    if (input == null) {
      return null;
    }
    return sequences ? Shape.sequence(input.timesteps(), width) : Shape.vector(width);
  }

  static Class<? extends Annotation> annotation(String kind) {
    return switch (kind) {
      case "LSTM" -> LSTM.class;
      case "GRU" -> GRU.class;
      default -> SimpleRNN.class;
    };
  }

  /**
   * Whether to declare {@code unroll}: only where the processor can unroll; dropped with a note
   * elsewhere.
   */
  private boolean unroll(LayerOptions options, Shape input) {
    if (!options.flag("unroll", false) || input == null) {
      return false;
    }
    String why = null;
    if (stepCalls) {
      why =
          "the interface declares step(), which runs one timestep per call, so there is no loop to unroll";
    } else if (input.timesteps() == null) {
      why =
          "the input's timesteps vary, and rnnc unrolls only a fixed number of timesteps; Keras' unrolled loop"
              + " computes what its loop computes";
    } else if (input.timesteps() > UNROLL_LIMIT) {
      why =
          "the input has "
              + input.timesteps()
              + " timesteps, more than rnnc unrolls by default"
              + " (-Arnnc.unrollLimit = "
              + UNROLL_LIMIT
              + "); Keras' unrolled loop computes what its loop computes";
    }
    if (why != null) {
      options.ignored("unroll = true", why);
      return false;
    }
    return true;
  }

  /**
   * Keras 3.15's unrolled loop zeroes the outputs of masked steps by the mask in input order, while
   * a go_backwards layer's outputs are in processing order; its loop (which rnnc computes) uses the
   * reversed mask. The two differ for a masked go_backwards layer that returns sequences with
   * zero_output_for_mask, which is what the backward direction of every Bidirectional with
   * return_sequences is. rnnc cannot reproduce that result, so such a model is refused.
   */
  private static void refuseUnrollCorner(
      LayerOptions options, boolean masked, boolean sequences, boolean bidirectional) {
    boolean backwardsZeroing =
        bidirectional
            || (options.flag("go_backwards", false) && options.flag("zero_output_for_mask", false));
    if (options.flag("unroll", false) && masked && sequences && backwardsZeroing) {
      String which =
          bidirectional
              ? "in a Bidirectional with return_sequences, whose backward direction has go_backwards and"
                  + " zero_output_for_mask,"
              : "with go_backwards, zero_output_for_mask and return_sequences";
      options.problem(
          "unroll = true on a masked input "
              + which
              + " is not supported: Keras 3.15's unrolled"
              + " loop zeroes the masked steps' outputs by the mask in input order while the outputs are in processing"
              + " order, so it differs from Keras' own loop, which rnnc computes; save the model with unroll = false"
              + " (the same weights) to get the loop's result");
    }
  }

  /**
   * A problem when a Bidirectional's {@code backward_layer} is not the wrapped layer run backwards:
   * rnnc's {@code @Bidirectional} builds its backward direction as that copy.
   */
  static void checkBackwardLayer(
      KerasLayer bidirectional, KerasLayer forward, LayerOptions options) {
    JsonNode backwardEntry = bidirectional.config().path("backward_layer");
    if (backwardEntry.isMissingNode() || backwardEntry.isNull()) {
      return;
    }
    KerasLayer backward = bidirectional.wrapped("backward_layer");
    List<String> differences = new ArrayList<>();
    if (!backward.className().equals(forward.className())) {
      differences.add("class (" + backward.className() + " vs " + forward.className() + ")");
    }
    for (String key : BACKWARD_MUST_MATCH) {
      JsonNode b = backward.config().path(key);
      JsonNode f = forward.config().path(key);
      if (!b.equals(f)) {
        differences.add(key + " (" + text(b) + " vs " + text(f) + ")");
      }
    }
    String bDtype = dtypeName(backward.config());
    String fDtype = dtypeName(forward.config());
    if (!bDtype.equals(fDtype)) {
      differences.add("dtype (" + bDtype + " vs " + fDtype + ")");
    }
    if (!differences.isEmpty()) {
      options.problem(
          "backward_layer differs from the wrapped layer in "
              + String.join(", ", differences)
              + " (backward vs forward), which is not supported: rnnc's @Bidirectional runs a copy of the wrapped layer"
              + " backwards; build the Bidirectional without backward_layer, or with one that differs only in"
              + " go_backwards");
    }
  }

  private static String text(JsonNode value) {
    return value.isMissingNode() ? "absent" : value.toString();
  }

  private static String dtypeName(JsonNode config) {
    JsonNode dtype = config.path("dtype");
    return dtype.isTextual() ? dtype.asText() : dtype.path("config").path("name").asText("float32");
  }
}
