package dev.rnnc.runtime.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by the loaders and savers before they touch a path. */
final class WeightFiles {
  /** Why a directory cannot be loaded from or saved to. */
  static final String DIRECTORY =
      "it is a directory, not a weight file; pass the path of the file itself";

  private WeightFiles() {}

  /**
   * Whether a weight file is expected at a directory. Reading one fails with the platform's bare
   * "Is a directory", naming no path, and a save fails only after writing, on moving its temporary
   * file (a message about that file); so loaders and savers refuse it first, naming it. A missing
   * file is left to the reader, which throws {@link java.nio.file.NoSuchFileException} with the
   * path.
   */
  static boolean isDirectory(Path file) {
    return Files.isDirectory(file);
  }
}
