package dev.rnnc.runtime.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file or folder that is not what its reader expects: an IDX file with a bad header or the
 * wrong length, a text that is not UTF-8, a folder with no text files. The message names the file,
 * what was expected and what was found.
 *
 * <p>It extends {@link IOException} because the fault lies in the data, and callers of the readers
 * already handle {@code IOException}.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file or folder at fault
   * @param message what was expected and what was found (the file is prefixed)
   */
  public MalformedDataException(Path file, String message) {
    this(file, message, null);
  }

  /**
   * @param file the file or folder at fault
   * @param message what was expected and what was found (the file is prefixed)
   * @param cause the underlying exception, or {@code null}
   */
  public MalformedDataException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file or folder at fault. */
  public Path file() {
    return file;
  }
}
