package dev.rnnc.runtime.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code .keras} archive as Keras 3.15's {@code model.save} lays it out: a zip of
 * {@code metadata.json}, {@code config.json} and {@code model.weights.h5}, in that order.
 * Entries are deflated (Keras stores them; both load).
 */
final class KerasArchiveWriter {
  /** The Keras version whose format is written, recorded as Keras records its own. */
  static final String KERAS_VERSION = "3.15.1";

  static final String METADATA_ENTRY = "metadata.json";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");
  private static final ObjectMapper JSON = new ObjectMapper();

  private KerasArchiveWriter() {}

  /** The bytes of {@code config.json} for a model config from {@link KerasModelConfig}. */
  static byte[] configJson(Map<String, Object> config) throws IOException {
    return JSON.writeValueAsBytes(config);
  }

  /** Writes the archive of an already serialized config and weight file to {@code out}. */
  static void write(OutputStream out, byte[] configJson, byte[] weightsH5) throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", KERAS_VERSION);
    metadata.put("date_saved", LocalDateTime.now().format(DATE));
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, METADATA_ENTRY, JSON.writeValueAsBytes(metadata));
      entry(zip, KerasArchive.CONFIG_ENTRY, configJson);
      entry(zip, KerasArchive.WEIGHTS_ENTRY, weightsH5);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}
