package dev.rnnc.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes
 * to a temporary file beside the target, which then replaces it. A failure leaves the target as it
 * was and removes the temporary file.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** Writes the content that {@code writer} produces. */
  @FunctionalInterface
  interface Writer {
    void writeTo(Path temporary) throws IOException;
  }

  static void write(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
    try {
      writer.writeTo(temporary);
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** As {@link #write(Path, Writer)}, for content written to a stream. */
  static void writeStream(Path target, StreamWriter writer) throws IOException {
    write(
        target,
        temporary -> {
          try (OutputStream out = Files.newOutputStream(temporary)) {
            writer.writeTo(out);
          }
        });
  }

  /** Writes content to a stream. */
  @FunctionalInterface
  interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }
}
