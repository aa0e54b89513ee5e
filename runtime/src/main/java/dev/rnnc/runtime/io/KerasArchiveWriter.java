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
 * Writes a {@code .keras} archive as Keras 3.15's {@code model.save} lays it out: a zip of {@code
 * metadata.json}, {@code config.json} and {@code model.weights.h5}, in that order. Entries are
 * deflated (Keras stores them; both load). {@code metadata.json} holds what Keras writes there
 * ({@code keras_version}: the format's version, {@code date_saved}) and {@code "saved_by": "rnnc"},
 * so that the file does not pass for one Keras wrote.
 */
final class KerasArchiveWriter {
  /**
   * The Keras version whose archive format is written, in {@code keras_version}, the key Keras
   * writes its own version under. The value is the format's version, not a claim that Keras wrote
   * the file: the writer is named in {@link #SAVED_BY_KEY}. The key stays because Keras reads it:
   * {@code keras.saving.KerasFileEditor} prints "Saved with Keras {keras_version}" and fails with a
   * {@code KeyError} without it. {@code keras.models.load_model} never reads {@code metadata.json}
   * (Keras 3.15.1 {@code saving_lib} only writes it), and ignores keys it does not know: both
   * checked with Keras 3.15.1 on archives with and without the extra key.
   */
  static final String KERAS_VERSION = "3.15.1";

  /** The {@code metadata.json} key naming the program that wrote the archive; Keras ignores it. */
  static final String SAVED_BY_KEY = "saved_by";

  /** What {@link #SAVED_BY_KEY} says. */
  static final String SAVED_BY = "rnnc";

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
    metadata.put(SAVED_BY_KEY, SAVED_BY);
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
