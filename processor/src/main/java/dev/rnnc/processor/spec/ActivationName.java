package dev.rnnc.processor.spec;

import java.util.Arrays;
import java.util.List;

/**
 * The activations rnnc knows, by Keras name, and the {@code dev.rnnc.runtime.simd.Activation}
 * constant each generates ({@code softmax} is special: it spans a whole output vector).
 */
public enum ActivationName {
  LINEAR("linear"),
  TANH("tanh"),
  SIGMOID("sigmoid"),
  RELU("relu"),
  HARD_SIGMOID("hard_sigmoid"),
  ELU("elu"),
  SELU("selu"),
  GELU("gelu"),
  SWISH("swish"),
  SOFTPLUS("softplus"),
  SOFTSIGN("softsign"),
  SOFTMAX("softmax");

  private final String kerasName;

  ActivationName(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The Keras name. */
  public String kerasName() {
    return kerasName;
  }

  /** The activation with this Keras name ({@code silu} is Keras' alias of swish), or null. */
  public static ActivationName ofKeras(String name) {
    if (name.equals("silu")) {
      return SWISH;
    }
    for (ActivationName a : values()) {
      if (a.kerasName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** Every accepted Keras name, for error messages. */
  public static List<String> kerasNames() {
    return Arrays.stream(values()).map(ActivationName::kerasName).toList();
  }
}
