package dev.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every weight-file reader fed arbitrary bytes (Jazzer, coverage-guided): it either loads the whole
 * model or throws an {@link IOException} (a {@link WeightsException} for a damaged file) with a
 * message, and a refused file leaves every variable as it was. Anything else (a runtime exception
 * out of a parser, an error, a crash, unbounded memory) is a finding.
 *
 * <p>In the normal test run each target replays its seeds, under {@code
 * src/test/resources/dev/rnnc/runtime/io/WeightFilesFuzzTestInputs/<target>/}: files Keras, PyTorch
 * and rnnc's writers produced for the target's model, plus any input a fuzzing run once found (kept
 * as regressions). {@code JAZZER_FUZZ=1} fuzzes instead: CI gives each target a few seconds, the
 * README's "Fuzzing" section says how to run one for longer.
 */
class WeightFilesFuzzTest {
  private static Path dir;

  @BeforeAll
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("rnnc-fuzz");
  }

  @AfterAll
  static void deleteDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  /**
   * A Keras 3 {@code .weights.h5}; seeds: Keras' own {@code gru_v1.weights.h5}, the same with its
   * datasets compressed (deflate and LZF), rnnc's writer.
   */
  @FuzzTest(maxDuration = "10s")
  void kerasWeightsH5(byte[] data) throws IOException {
    loadsWholeOrRefuses(data, "model.weights.h5", WeightFilesFuzzTest::gruV1, Weights::load);
  }

  /** A Keras 3 {@code .keras} archive (zip: config.json, model.weights.h5, metadata.json). */
  @FuzzTest(maxDuration = "10s")
  void kerasArchive(byte[] data) throws IOException {
    loadsWholeOrRefuses(data, "model.keras", WeightFilesFuzzTest::gruV1, Weights::load);
  }

  /** rnnc's own format: safetensors with rnnc metadata. */
  @FuzzTest(maxDuration = "10s")
  void rnncWeights(byte[] data) throws IOException {
    loadsWholeOrRefuses(data, "model.safetensors", WeightFilesFuzzTest::gruV1, Weights::load);
  }

  /** A PyTorch state_dict in safetensors; seed: torch's own {@code nn.RNN(3, 5)}. */
  @FuzzTest(maxDuration = "10s")
  void pyTorchStateDict(byte[] data) throws IOException {
    loadsWholeOrRefuses(data, "model.safetensors", WeightFilesFuzzTest::rnnTanh, Weights::load);
  }

  /** A training checkpoint (rnnc's format: weights, Adam's moments, the fit's progress). */
  @FuzzTest(maxDuration = "10s")
  void trainingCheckpoint(byte[] data) throws IOException {
    TrainableTestModel trainable = new TrainableTestModel(gruV1());
    loadsWholeOrRefuses(
        data,
        "model.ckpt.safetensors",
        trainable::model,
        (file, model) -> {
          TrainingCheckpoint.load(file, trainable);
        });
  }

  /**
   * A fuzzing find (kept under the seeds as {@code crash-882e6f...}): a layer group that holds a
   * hard link to its own ancestor. Counting the layer's datasets walked the cycle until the stack
   * overflowed; each group is now walked once, and the file is refused with a message.
   */
  @Test
  void aGroupHoldingItsOwnAncestorIsRefusedWithoutOverflowingTheStack() throws IOException {
    Path file =
        input("kerasWeightsH5/crash-882e6f510f343e92183e5cd2eef40c8151328a97", "cyclic.weights.h5");
    TestModel model = gruV1();
    model.initialize(7);
    Map<String, float[]> before = model.snapshot();
    KerasWeightsException refused =
        assertThrows(KerasWeightsException.class, () -> Weights.load(file, model));
    assertTrue(refused.getMessage().contains("cyclic.weights.h5"), refused.getMessage());
    assertTrue(
        before.entrySet().stream()
            .allMatch(e -> Arrays.equals(e.getValue(), model.snapshot().get(e.getKey()))),
        "a refused file changed a variable");
  }

  /**
   * A fuzzing find (kept under the seeds as {@code crash-d8d332...}): a 3 by 9 kernel whose chunks
   * declare 1.2e9 by 1.6e9 elements ran a 5 GiB heap out of memory in jhdf, which allocates for a
   * chunk's elements before reading it. A replay in a large heap would pass without the check, so
   * the refusal's cause is checked here. (The other, {@code crash-5dbb8c...}, a float type of
   * 410,976,256 bytes, fails elsewhere in its file too: KerasWeightsTest checks its cause.)
   */
  @Test
  void aChunkFarLargerThanItsDatasetIsRefusedBeforeAllocating() throws IOException {
    Path file =
        input(
            "kerasWeightsH5/crash-d8d332ac0b19d7118315595d283d430d43e7cb26", "damaged.weights.h5");
    KerasWeightsException refused =
        assertThrows(KerasWeightsException.class, () -> Weights.load(file, gruV1()));
    assertTrue(
        refused.getMessage().contains("/layers/gru/cell/vars/1 has chunks of"),
        refused.getMessage());
  }

  /**
   * A fuzzing find ({@code crash-9fe72a...}): chunk dimensions of 67108866 by 0 ran a 512 MiB heap
   * out of memory in jhdf's chunk offsets; a chunk dimension below 1 is refused before the read.
   */
  @Test
  void aChunkDimensionOfZeroIsRefusedBeforeReading() throws IOException {
    Path file =
        input(
            "kerasWeightsH5/crash-9fe72af4b81769c79ca18a6e4f3c68ee1badcb23", "damaged.weights.h5");
    KerasWeightsException refused =
        assertThrows(KerasWeightsException.class, () -> Weights.load(file, gruV1()));
    assertTrue(
        refused
            .getMessage()
            .contains("/layers/gru/cell/vars/0 has chunk dimensions [67108866, 0]; each must be"),
        refused.getMessage());
  }

  /**
   * Every seed loads into its target's model: a seed the model refused would start the fuzzer at
   * the refusal instead of deep in the matching and copying.
   */
  @ParameterizedTest
  @CsvSource({
    "kerasWeightsH5/keras-gru_v1.weights.h5, gruV1",
    "kerasWeightsH5/rnnc-writer.weights.h5, gruV1",
    "kerasWeightsH5/keras-gru_v1-compressed.weights.h5, gruV1",
    "kerasArchive/keras-gru_v1.keras, gruV1",
    "rnncWeights/rnnc-writer.safetensors, gruV1",
    "trainingCheckpoint/rnnc-writer.ckpt.safetensors, checkpoint",
    "pyTorchStateDict/torch-rnn_tanh.safetensors, rnnTanh"
  })
  void everySeedLoads(String seed, String model) throws Exception {
    Path file = input(seed, seed.substring(seed.indexOf('/') + 1));
    TestModel target = model.equals("rnnTanh") ? rnnTanh() : gruV1();
    target.initialize(7);
    Map<String, float[]> before = target.snapshot();
    if (model.equals("checkpoint")) {
      TrainingCheckpoint.load(file, new TrainableTestModel(target));
    } else {
      Weights.load(file, target);
    }
    assertFalse(
        before.entrySet().stream()
            .allMatch(e -> Arrays.equals(e.getValue(), target.snapshot().get(e.getKey()))),
        "no variable changed");
  }

  /** The loader of one format. */
  interface Loader {
    void load(Path file, TestModel model) throws IOException;
  }

  private static void loadsWholeOrRefuses(
      byte[] data, String name, Supplier<TestModel> newModel, Loader loader) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, data);
    TestModel model = newModel.get();
    model.initialize(7);
    Map<String, float[]> before = model.snapshot();
    try {
      loader.load(file, model);
    } catch (IOException refused) {
      String message = refused.getMessage();
      assertFalse(message == null || message.isBlank(), "a refusal without a message");
      Map<String, float[]> after = model.snapshot();
      assertEquals(before.keySet(), after.keySet());
      before.forEach(
          (variable, values) -> assertArrayEquals(values, after.get(variable), variable));
    }
  }

  /**
   * Copies {@code input}, a path under this test's {@code WeightFilesFuzzTestInputs} (a seed or a
   * finding), into the test directory as {@code name}.
   */
  private Path input(String input, String name) throws IOException {
    Path file = dir.resolve(name);
    try (var in = getClass().getResourceAsStream("WeightFilesFuzzTestInputs/" + input)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** The model of Keras' {@code gru_v1.weights.h5}: GRU(3, reset_after=False) on 2 features. */
  static TestModel gruV1() {
    return new TestModel("GruV1").gru("gru_v1", 2, 3, false, true).dense("head", 3, 1);
  }

  /** The model of torch's {@code nn.RNN(3, 5)}. */
  static TestModel rnnTanh() {
    return new TestModel("RnnTanh").simpleRnn("rnn", 3, 5);
  }

  /**
   * Writes the seeds that rnnc's own writers produce (run once from the IDE or with {@code java} on
   * the test class path, argument: the inputs directory); Keras' and torch's seeds are copies of
   * the fixtures named above.
   */
  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    TestModel model = gruV1();
    model.initialize(3);
    write(
        inputs.resolve("kerasWeightsH5/rnnc-writer.weights.h5"), f -> KerasWeights.save(f, model));
    write(inputs.resolve("rnncWeights/rnnc-writer.safetensors"), f -> RnncWeights.save(f, model));
    TrainableTestModel trainable = new TrainableTestModel(model);
    write(
        inputs.resolve("trainingCheckpoint/rnnc-writer.ckpt.safetensors"),
        f -> TrainingCheckpoint.save(f, trainable));
  }

  private interface Writer {
    void write(Path file) throws IOException;
  }

  private static void write(Path file, Writer writer) {
    try {
      Files.createDirectories(file.getParent());
      writer.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
