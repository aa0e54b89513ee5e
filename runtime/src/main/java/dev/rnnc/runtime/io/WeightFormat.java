package dev.rnnc.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A weight file's format, told by its first bytes (never its name, so a misnamed file still loads):
 * the one place {@link Weights} and {@link KerasWeights} recognise files.
 */
enum WeightFormat {
  /** A Keras {@code .weights.h5}. */
  HDF5,
  /** A Keras {@code .keras} archive. */
  ZIP,
  /** safetensors (rnnc's own format, or a PyTorch state_dict). */
  SAFETENSORS,
  /** None of these; {@link #problem} says what the file looks like. */
  UNKNOWN;

  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ZIP_SIGNATURE = {'P', 'K', 5, 6};

  /** The format of {@code file}. */
  static WeightFormat of(Path file) throws IOException {
    return of(head(file));
  }

  static WeightFormat of(byte[] head) {
    if (startsWith(head, HDF5_SIGNATURE)) {
      return HDF5;
    }
    if (startsWith(head, ZIP_SIGNATURE) || startsWith(head, EMPTY_ZIP_SIGNATURE)) {
      return ZIP;
    }
    // safetensors: an 8-byte little-endian header length, then the JSON header's opening brace.
    return head.length == 9 && head[8] == '{' ? SAFETENSORS : UNKNOWN;
  }

  /** Why {@code file} is not a Keras weight file, for a refusal naming what it looks like. */
  static String problem(Path file) throws IOException {
    byte[] head = head(file);
    if (head.length == 0) {
      return "the file is empty";
    }
    if (head[0] == '{') {
      return "it is JSON, not weights; sharded Keras weights (.weights.json) are not supported,"
          + " pass a .weights.h5 or .keras file";
    }
    return "it is neither a Keras .weights.h5 (HDF5) file nor a .keras (zip) archive; it starts with"
        + " bytes "
        + HexFormat.ofDelimiter(" ").formatHex(Arrays.copyOf(head, Math.min(head.length, 8)));
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(9);
    }
  }

  private static boolean startsWith(byte[] head, byte[] signature) {
    return head.length >= signature.length
        && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
  }
}
