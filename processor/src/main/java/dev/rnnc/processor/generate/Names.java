package dev.rnnc.processor.generate;

import dev.rnnc.processor.spec.Identifiers;

/** Derives the names of generated constants and fields from layer names. */
final class Names {
  private Names() {}

  /** {@code ("encoderLayer", "UNITS")} → {@code ENCODER_LAYER_UNITS}. */
  static String constant(String layer, String suffix) {
    return Identifiers.constantPrefix(layer) + "_" + suffix;
  }

  /**
   * {@code "encoder"} → {@code runEncoder}, the layer's forward method (the layer name is its
   * accessor).
   */
  static String forward(String layer) {
    return "run" + Character.toUpperCase(layer.charAt(0)) + layer.substring(1);
  }

  /** {@code "encoder"} → {@code resetEncoder}, the method zeroing a stateful layer's states. */
  static String reset(String layer) {
    return "reset" + Character.toUpperCase(layer.charAt(0)) + layer.substring(1);
  }

  /** {@code ("encoder", "Kernel")} → {@code encoderKernel}. */
  static String field(String layer, String suffix) {
    return layer + suffix;
  }
}
