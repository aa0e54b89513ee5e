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
 * What the importer needs from a {@code .keras} file: the zip's {@code config.json} (the
 * serialized model) and the Keras version from {@code metadata.json}. The weights stay in the
 * file; the generated class's {@code load} reads them.
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
   * Reads the archive.
   *
   * @throws ImportException when the file is missing, not a zip, has no {@code config.json}, holds
   *     invalid JSON, or was written by a Keras older than 3
   */
  static ModelArchive read(Path path) throws ImportException {
    String source = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new ImportException(source, List.of(Files.exists(path) ? "not a regular file" : "no such file"));
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      ZipEntry configEntry = zip.getEntry(CONFIG_ENTRY);
      if (configEntry == null) {
        List<String> entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        throw new ImportException(source, List.of("the zip has no " + CONFIG_ENTRY
            + ", so it is not a Keras 3 .keras model archive; entries: " + entries));
      }
      JsonNode config = json(zip, configEntry, source);
      ZipEntry metadataEntry = zip.getEntry(METADATA_ENTRY);
      JsonNode metadata = metadataEntry == null ? null : json(zip, metadataEntry, source);
      String version = metadata == null ? null : metadata.path("keras_version").asText(null);
      String savedBy = metadata == null ? null : metadata.path("saved_by").asText(null);
      if (version != null && !version.startsWith("3.")) {
        throw new ImportException(source, List.of("saved by Keras " + version + "; rnnc follows Keras 3 semantics"
            + " (Keras 2's hard_sigmoid, for one, computes differently): load and save the model with Keras 3"));
      }
      return new ModelArchive(path.getFileName().toString(), version, savedBy, config);
    } catch (NoSuchFileException e) {
      throw new ImportException(source, "no such file", e);
    } catch (ZipException e) {
      throw new ImportException(source, "not a .keras archive (not a zip file: " + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new ImportException(source, "cannot read the file: " + e, e);
    }
  }

  private static JsonNode json(ZipFile zip, ZipEntry entry, String source) throws IOException, ImportException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new ObjectMapper().readTree(in);
    } catch (JacksonException e) {
      throw new ImportException(source, entry.getName() + " in the archive is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
