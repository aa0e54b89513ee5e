package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The importer fed arbitrary bytes as a {@code .keras} file (Jazzer, coverage-guided): it writes an
 * interface or throws an {@link ImportException} listing problems; any other exception, an error or
 * unbounded memory is a finding. The normal test run replays the seeds under {@code
 * src/test/resources/dev/rnnc/importer/KerasArchiveFuzzTestInputs/importModel/} (a Keras 3.15.1
 * archive of the fixtures, and any input a fuzzing run once found); {@code JAZZER_FUZZ=1} fuzzes.
 */
class KerasArchiveFuzzTest {
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    file = Files.createTempFile("rnnc-fuzz", ".keras");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = "10s")
  void importModel(byte[] data) throws IOException {
    Files.write(file, data);
    try {
      KerasImporter.importModel(file, "fuzz", "Fuzzed");
    } catch (ImportException refused) {
      String message = refused.getMessage();
      assertFalse(message == null || message.isBlank(), "a refusal without a message");
    }
  }
}
