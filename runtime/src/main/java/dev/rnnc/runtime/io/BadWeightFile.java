package dev.rnnc.runtime.io;

import java.io.IOException;

/**
 * A file-level problem found by the readers, already phrased for the user; {@link KerasWeights}
 * turns it into a {@link KerasWeightsException} naming the file.
 */
final class BadWeightFile extends IOException {
  private static final long serialVersionUID = 1L;

  BadWeightFile(String message) {
    super(message);
  }

  BadWeightFile(String message, Throwable cause) {
    super(message, cause);
  }
}
