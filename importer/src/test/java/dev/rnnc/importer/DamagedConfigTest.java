package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** config.json files damaged so that their wiring does not hold together (found by fuzzing). */
class DamagedConfigTest {
  /**
   * The input the fuzzer found ({@code KerasArchiveFuzzTest}): Keras' {@code keras_zip.keras} with
   * the first GRU renamed {@code encoAer} in its config while the next layer still reads {@code
   * encoder}. The importer used to carry on without an input shape and fail with a
   * NullPointerException while writing the interface.
   */
  @Test
  void aCallReadingNoLayerIsRefusedByName() throws Exception {
    Path file = seed("crash-258ad5e347bb264a110e3a98cee492423a37abb3");
    assertRefused(file, "reads 'encoder', which is no layer or input of the model");
  }

  /**
   * Another input the fuzzer found: a config.json without output_layers, which the importer used to
   * read as a NoSuchElementException.
   */
  @Test
  void aModelWithoutOutputsIsRefused() throws Exception {
    assertRefused(
        seed("crash-d1d49ccd26a7ae42d3fdac2d18fd85c73daccac0"),
        "the model names no outputs (its config.json has no output_layers)");
  }

  /**
   * A third (this stop's long run): the first GRU reads output 1 of the input layer, which has only
   * output 0. The importer used to map the GRU without an input shape and fail with a
   * NullPointerException while writing the interface.
   */
  @Test
  void aCallReadingAnInputsSecondOutputIsRefused() throws Exception {
    assertRefused(
        seed("crash-15d084ab09783664dd456fc6ed62eeabf3d0194c"),
        "reads output 1 of the input 'input', which has only output 0");
  }

  private Path seed(String name) throws Exception {
    return Path.of(
        getClass().getResource("KerasArchiveFuzzTestInputs/importModel/" + name).toURI());
  }

  private static void assertRefused(Path file, String problem) {
    ImportException e =
        assertThrows(ImportException.class, () -> KerasImporter.importModel(file, "p", "Damaged"));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
