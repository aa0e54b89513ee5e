package dev.rnnc.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras {@code CSVLogger} (keras/src/callbacks/csv_logger.py): one row per epoch, {@code epoch}
 * (0-based) then the log entries sorted by name, the columns fixed at the first epoch (without
 * validation data Keras adds {@code val_} columns anyway, which read {@code NA}). Values are
 * written as Python writes floats ({@code repr}); rows end with {@code \r\n} like Python's csv
 * module. With {@code append} a header is written only to an empty file. Each row is appended and
 * the file closed again, so an interrupted fit leaves a complete file.
 */
public final class CSVLogger implements Callback {
  private final Path file;
  private final String separator;
  private final boolean append;
  private List<String> keys;
  private boolean header;

  /** Comma-separated, overwriting the file. */
  public CSVLogger(Path file) {
    this(file, ",", false);
  }

  /**
   * A logger with Keras' options.
   *
   * @param separator between fields (Keras {@code separator})
   * @param append add to an existing file (Keras {@code append})
   */
  public CSVLogger(Path file, String separator, boolean append) {
    this.file = file;
    this.separator = separator;
    this.append = append;
  }

  @Override
  public void onTrainBegin(Logs logs) {
    try {
      if (append && Files.exists(file)) {
        header = Files.size(file) == 0;
      } else {
        Files.write(file, new byte[0]);
        header = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot write " + file, e);
    }
    keys = null;
  }

  @Override
  public void onEpochEnd(int epoch, Logs logs) {
    if (keys == null) {
      keys = new ArrayList<>(logs.names());
      keys.sort(null);
      if (keys.stream().noneMatch(k -> k.startsWith("val_")) && !keys.isEmpty()) {
        keys.addAll(keys.stream().map(k -> "val_" + k).toList());
      }
    }
    StringBuilder text = new StringBuilder();
    if (header) {
      text.append("epoch");
      keys.forEach(k -> text.append(separator).append(k));
      text.append("\r\n");
      header = false;
    }
    text.append(epoch);
    for (String key : keys) {
      text.append(separator).append(logs.has(key) ? PythonFormat.repr(logs.get(key)) : "NA");
    }
    text.append("\r\n");
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger cannot write " + file, e);
    }
  }
}
