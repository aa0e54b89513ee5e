package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras names can hold anything; the source written around them must stay valid Java. */
class InterfaceWriterTest {

  @Test
  void plainTextIsCode() {
    assertEquals("{@code gru-encoder}", InterfaceWriter.code("gru-encoder"));
    assertEquals("{@code (T, 3)}", InterfaceWriter.code("(T, 3)"));
  }

  @Test
  void bracesCommentEndsBackslashesAndNonAsciiBecomeCharacterReferences() {
    assertEquals("<code>a&#123;b&#125;</code>", InterfaceWriter.code("a{b}"));
    assertEquals("<code>x&#42;&#47;y</code>", InterfaceWriter.code("x*/y"));
    assertEquals("<code>&#92;u0041</code>", InterfaceWriter.code("\\u0041"));
    assertEquals("<code>caf&#233;</code>", InterfaceWriter.code("café"));
  }

  @Test
  void stringLiterals() {
    assertEquals("a\\\"b\\\\c\\n\\u00e9", InterfaceWriter.javaString("a\"b\\c\né"));
  }

  /**
   * An archive rnnc exported keeps Keras' {@code keras_version} (the format's version) and adds
   * {@code "saved_by": "rnnc"}: the generated Javadoc names rnnc as the writer, not Keras.
   */
  @Test
  void anArchiveSavedByRnncIsNotCalledSavedByKeras(@TempDir Path dir) throws Exception {
    Path keras = Fixtures.keras("sensor_stream.keras");
    String byKeras = KerasImporter.importModel(keras, "com.acme", null).source();
    assertTrue(byKeras.contains("(saved by Keras 3.15.1)"), byKeras);

    Path byRnnc =
        withMetadata(
            keras,
            dir.resolve("sensor_stream.keras"),
            "{\"keras_version\":\"3.15.1\",\"date_saved\":\"2026-11-24@10:00:00\",\"saved_by\":\"rnnc\"}");
    String source = KerasImporter.importModel(byRnnc, "com.acme", null).source();
    assertTrue(source.contains("(saved by rnnc in the Keras 3.15.1 format)"), source);
    assertTrue(!source.contains("saved by Keras"), source);
  }

  /** A copy of {@code archive} whose {@code metadata.json} is {@code metadata}. */
  private static Path withMetadata(Path archive, Path target, String metadata) throws IOException {
    try (ZipFile source = new ZipFile(archive.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      for (ZipEntry entry : Collections.list(source.entries())) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(
            entry.getName().equals("metadata.json")
                ? metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : source.getInputStream(entry).readAllBytes());
        out.closeEntry();
      }
    }
    return target;
  }
}
