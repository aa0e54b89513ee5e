package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A config.json damaged so that its wiring names a layer it does not have. */
class DamagedConfigTest {
  /**
   * The input the fuzzer found ({@code KerasArchiveFuzzTest}): Keras' {@code keras_zip.keras} with
   * the first GRU renamed {@code encoAer} in its config while the next layer still reads {@code
   * encoder}. The importer used to carry on without an input shape and fail with a
   * NullPointerException while writing the interface.
   */
  @Test
  void aCallReadingNoLayerIsRefusedByName() throws Exception {
    Path file =
        Path.of(
            getClass()
                .getResource(
                    "KerasArchiveFuzzTestInputs/importModel/"
                        + "crash-258ad5e347bb264a110e3a98cee492423a37abb3")
                .toURI());
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "p", "Damaged"));
    assertTrue(
        e.getMessage().contains("reads 'encoder', which is no layer or input of the model"),
        e.getMessage());
  }
}
