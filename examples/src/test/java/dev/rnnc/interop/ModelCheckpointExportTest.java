package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.annotations.Compile;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.WeightsException;
import dev.rnnc.runtime.train.FitOptions;
import dev.rnnc.runtime.train.History;
import dev.rnnc.runtime.train.ModelCheckpoint;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras' {@code ModelCheckpoint} on a generated model: during {@code fit} it writes {@code
 * .weights.h5} files ({@code saveWeightsOnly}) and {@code .keras} archives that real Keras 3.15
 * loads. The proof is in {@code src/test/resources/interop/keras/} ({@code model_checkpoint.*}) and
 * {@code keras/archive/} ({@code model_checkpoint.*}): the files this test's fit wrote at its
 * second epoch, and Keras' predictions from them, which {@code tools/goldens/keras_export_check.py}
 * writes after loading each into Keras ({@code load_weights} into the same architecture, {@code
 * load_model} alone) and checking that Keras' own {@code save_weights} writes the same HDF5 tree,
 * names, attributes, dtypes and values. Here, the fit's checkpoints reload in rnnc bit for bit, the
 * model trained now predicts what Keras predicts from the committed files, and the checkpoint saver
 * writes exactly the committed bytes from the committed weights. To regenerate:
 *
 * <pre>
 * ./mvnw -B test -pl examples -am -Dtest=ModelCheckpointExportTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Drnnc.interop.regenerate=true
 * .venv/bin/python tools/goldens/keras_export_check.py
 * </pre>
 */
class ModelCheckpointExportTest {
  private static final String REGENERATE = "rnnc.interop.regenerate";
  private static final Path SOURCE_DIR = Path.of("src/test/resources/interop/keras");
  private static final String CASE = "model_checkpoint";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** (6, 3) → LSTM(8, seq) → LSTM(5) → Dense(2), trained with Adam on MSE. */
  @RnnModel(input = @Input(timesteps = 6, features = 3))
  @Compile(optimizer = "adam", learningRate = 0.01, loss = "mse")
  public interface CheckpointedLstm {
    @LSTM(units = 8, returnSequences = true)
    Layer encoder();

    @LSTM(units = 5)
    Layer summary();

    @Dense(units = 2)
    Layer head();

    float[][] predict(float[][][] batch);

    History fit(float[][][] x, float[][] y, FitOptions options);
  }

  @TempDir Path tmp;

  @Test
  void modelCheckpointWritesFilesKerasLoads() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    float[][][] x = new float[48][6][3];
    float[][] y = new float[48][2];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[i][t][f] = (float) random.nextGaussian();
        }
      }
      y[i][0] = x[i][0][0] + x[i][5][2];
      y[i][1] = x[i][2][1] * x[i][3][0];
    }
    float[][][] input = java.util.Arrays.copyOf(x, 4);
    CheckpointedLstm model = RnncModelCheckpointExportTest_CheckpointedLstm.create(5);
    model.fit(
        x,
        y,
        new FitOptions()
            .epochs(2)
            .batchSize(16)
            .seed(3)
            .verbose(0)
            .callbacks(
                ModelCheckpoint.builder(tmp.resolve("ckpt-{epoch:02d}.weights.h5").toString())
                    .saveWeightsOnly(true)
                    .build(),
                ModelCheckpoint.builder(tmp.resolve("model-{epoch:02d}.keras").toString())
                    .build()));
    float[][] rnnc = model.predict(input);
    Path weights = tmp.resolve("ckpt-02.weights.h5");
    Path archive = tmp.resolve("model-02.keras");

    // Each epoch's files reload in rnnc as the weights of that epoch.
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(tmp.resolve("ckpt-01.weights.h5")), Files.readAllBytes(weights)),
        "epoch 1 and epoch 2 checkpoints are the same");
    for (Path file : List.of(weights, archive)) {
      CheckpointedLstm reloaded = RnncModelCheckpointExportTest_CheckpointedLstm.create(99);
      KerasWeights.load(file, reloaded); // a .keras archive's config is checked too
      ArrayAssert.assertBitIdentical(file + " reloaded", rnnc, reloaded.predict(input));
    }

    if (Boolean.getBoolean(REGENERATE)) {
      Files.createDirectories(SOURCE_DIR.resolve("archive"));
      Files.copy(
          weights, SOURCE_DIR.resolve(CASE + ".weights.h5"), StandardCopyOption.REPLACE_EXISTING);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("case", CASE);
      record.put("model", "CheckpointedLstm");
      record.put("weights", CASE + ".weights.h5");
      record.put("written_by", "ModelCheckpoint(saveWeightsOnly) during fit, epoch 2");
      record.put("input", input);
      record.put("rnnc", rnnc);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(SOURCE_DIR.resolve(CASE + ".json").toFile(), record);
      Files.copy(
          archive,
          SOURCE_DIR.resolve("archive/" + CASE + ".keras"),
          StandardCopyOption.REPLACE_EXISTING);
      Map<String, Object> archived = new LinkedHashMap<>();
      archived.put("case", CASE);
      archived.put("archive", CASE + ".keras");
      archived.put("written_by", "ModelCheckpoint during fit, epoch 2");
      archived.put("stateful", false);
      archived.put("inputs", List.of((Object) input));
      archived.put("rnnc", List.of((Object) rnnc));
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(SOURCE_DIR.resolve("archive/" + CASE + ".json").toFile(), archived);
      Assumptions.abort(
          "rnnc.interop.regenerate: wrote "
              + CASE
              + " fixtures, not compared; now run tools/goldens/keras_export_check.py");
    }

    // Keras' predictions from the committed checkpoints are those of the model trained now...
    InteropFixture keras = InteropFixture.load("keras", CASE + ".keras");
    InteropFixture.assertClose("Keras load_weights vs. rnnc's fit", keras.get("keras"), rnnc);
    InteropFixture kerasArchive = InteropFixture.load("keras/archive", CASE + ".keras");
    InteropFixture.assertClose(
        "Keras load_model vs. rnnc's fit", kerasArchive.get("keras").get(0), rnnc);

    // ...and the checkpoint saver writes exactly the bytes Keras was shown, from those weights.
    Path committed = InteropFixture.resource("keras/" + CASE + ".weights.h5");
    CheckpointedLstm fromFile = RnncModelCheckpointExportTest_CheckpointedLstm.create(0);
    KerasWeights.load(committed, fromFile);
    InteropFixture.assertClose(
        "Keras vs. rnnc on the committed weights", keras.get("keras"), fromFile.predict(input));
    Path again = tmp.resolve("again.weights.h5");
    ((dev.rnnc.runtime.train.TrainableModel) fromFile).trainingState().save(again);
    assertArrayEquals(
        Files.readAllBytes(committed),
        Files.readAllBytes(again),
        "the checkpoint's .weights.h5 changed; regenerate (see class doc)");
    Path againArchive = tmp.resolve("again.keras");
    ((dev.rnnc.runtime.train.TrainableModel) fromFile).trainingState().save(againArchive);
    Path committedArchive = InteropFixture.resource("keras/archive/" + CASE + ".keras");
    assertArrayEquals(
        entry(committedArchive, "config.json"),
        entry(againArchive, "config.json"),
        "the checkpoint's .keras config changed; regenerate (see class doc)");
  }

  @Test
  void aCheckpointPathOfNoFormatIsAClearError() {
    CheckpointedLstm model = RnncModelCheckpointExportTest_CheckpointedLstm.create(5);
    float[][][] x = new float[16][6][3];
    float[][] y = new float[16][2];
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                model.fit(
                    x,
                    y,
                    new FitOptions()
                        .epochs(1)
                        .batchSize(16)
                        .verbose(0)
                        .callbacks(
                            ModelCheckpoint.builder(tmp.resolve("legacy.h5").toString()).build())));
    assertTrue(e.getCause() instanceof WeightsException, e.toString());
    assertTrue(
        e.getCause().getMessage().contains("legacy HDF5 model format (.h5) is not written"),
        e.getCause().getMessage());
  }

  private static byte[] entry(Path archive, String name) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      return zip.getInputStream(zip.getEntry(name)).readAllBytes();
    }
  }
}
