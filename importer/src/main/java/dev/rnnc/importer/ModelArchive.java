package dev.rnnc.importer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What the importer needs from a {@code .keras} file: the zip's {@code config.json} (the serialized
 * model) and the Keras version from {@code metadata.json}. The weights stay in the file; the
 * generated class's {@code load} reads them.
 *
 * @param fileName the file's name, without directories (recorded in the generated Javadoc)
 * @param kerasVersion {@code keras_version} of {@code metadata.json}, or null when absent
 * @param savedBy {@code saved_by} of {@code metadata.json} (rnnc's exports write {@code "rnnc"}
 *     there; Keras writes no such key), or null when absent
 * @param config the root of {@code config.json}
 */
record ModelArchive(String fileName, String kerasVersion, String savedBy, JsonNode config) {
  static final String CONFIG_ENTRY = "config.json";
  static final String METADATA_ENTRY = "metadata.json";

  /**
   * Decompression-bomb guard, as the runtime's {@code .keras} reader has for {@code config.json}: a
   * model config is layer options, never this large, so a JSON entry that declares more bytes, or
   * inflates to more whatever it declares, is refused before it fills the memory.
   */
  static final long MAX_JSON_BYTES = 64L << 20;

  /**
   * Reads the archive.
   *
   * @throws ImportException when the file is missing, not a zip, has no {@code config.json}, holds
   *     invalid JSON, or was written by a Keras older than 3
   */
  static ModelArchive read(Path path) throws ImportException {
    return read(path, MAX_JSON_BYTES);
  }

  /** As {@link #read(Path)} with another limit on the JSON entries (tests use a small one). */
  static ModelArchive read(Path path, long maxJsonBytes) throws ImportException {
    String source = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new ImportException(
          source, List.of(Files.exists(path) ? "not a regular file" : "no such file"));
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      ZipEntry configEntry = zip.getEntry(CONFIG_ENTRY);
      if (configEntry == null) {
        List<String> entries =
            Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        throw new ImportException(
            source,
            List.of(
                "the zip has no "
                    + CONFIG_ENTRY
                    + ", so it is not a Keras 3 .keras model archive; entries: "
                    + entries));
      }
      JsonNode config = json(zip, configEntry, source, maxJsonBytes);
      ZipEntry metadataEntry = zip.getEntry(METADATA_ENTRY);
      JsonNode metadata =
          metadataEntry == null ? null : json(zip, metadataEntry, source, maxJsonBytes);
      String version = metadata == null ? null : metadata.path("keras_version").asText(null);
      String savedBy = metadata == null ? null : metadata.path("saved_by").asText(null);
      if (version != null && !version.startsWith("3.")) {
        throw new ImportException(
            source,
            List.of(
                "saved by Keras "
                    + version
                    + "; rnnc follows Keras 3 semantics"
                    + " (Keras 2's hard_sigmoid, for one, computes differently): load and save the model with Keras 3"));
      }
      return new ModelArchive(path.getFileName().toString(), version, savedBy, config);
    } catch (NoSuchFileException e) {
      throw new ImportException(source, "no such file", e);
    } catch (ZipException e) {
      throw new ImportException(
          source, "not a .keras archive (not a zip file: " + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ImportException(source, "cannot read the file: " + e, e);
    }
  }

  private static JsonNode json(ZipFile zip, ZipEntry entry, String source, long maxBytes)
      throws IOException, ImportException {
    if (entry.getSize() > maxBytes) {
      throw new ImportException(
          source,
          List.of(
              ("%s in the archive declares %d bytes (it stores %d), more than the %d"
                      + " a model config may have; refusing a likely decompression bomb")
                  .formatted(
                      entry.getName(), entry.getSize(), entry.getCompressedSize(), maxBytes)));
    }
    try (InputStream in = zip.getInputStream(entry)) {
      // The declared size may lie: count what the inflater really produces.
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw new ImportException(
            source,
            List.of(
                ("%s in the archive expands past %d bytes (it declares %d, stores"
                        + " %d); refusing a likely decompression bomb")
                    .formatted(
                        entry.getName(), maxBytes, entry.getSize(), entry.getCompressedSize())));
      }
      return new ObjectMapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new ImportException(
          source,
          entry.getName() + " in the archive is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }
}
