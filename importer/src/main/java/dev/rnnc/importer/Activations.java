package dev.rnnc.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The activations rnnc knows, by Keras name, as the processor accepts them (a test keeps this list
 * equal to the processor's).
 */
final class Activations {
  /** Every name rnnc accepts; {@code softmax} only on Dense. */
  static final List<String> NAMES =
      List.of(
          "linear",
          "tanh",
          "sigmoid",
          "relu",
          "hard_sigmoid",
          "elu",
          "selu",
          "gelu",
          "swish",
          "softplus",
          "softsign",
          "softmax");

  private Activations() {}

  /** The result of reading an activation option: the rnnc name, or why there is none. */
  record Result(String name, String problem) {}

  /**
   * Reads an activation option of a layer config. Keras 3 writes built-in activations as their name
   * ({@code "silu"} for swish), {@code null} for none (linear), and custom functions as an object.
   *
   * @param allowSoftmax whether the layer accepts softmax (Dense only)
   */
  static Result read(JsonNode value, String option, boolean allowSoftmax) {
    if (value.isMissingNode() || value.isNull()) {
      return new Result("linear", null);
    }
    if (!value.isTextual()) {
      String function =
          value.path("config").isTextual() ? " '" + value.path("config").asText() + "'" : "";
      return new Result(
          null,
          option
              + " is a custom function"
              + function
              + ": rnnc supports only "
              + String.join(", ", NAMES));
    }
    String name = value.asText().equals("silu") ? "swish" : value.asText();
    if (!NAMES.contains(name)) {
      return new Result(
          null,
          option
              + " '"
              + value.asText()
              + "' is not supported; rnnc knows "
              + String.join(", ", NAMES)
              + " (softmax on Dense only)");
    }
    if (name.equals("softmax") && !allowSoftmax) {
      return new Result(
          null, option + " 'softmax' is supported only on Dense, not on recurrent layers");
    }
    return new Result(name, null);
  }
}
