package dev.rnnc.cells;

import static dev.rnnc.cells.StackedCellsTest.fixture;
import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.FixtureArrays;
import dev.rnnc.runtime.RnncModel;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Bidirectional @RNN(...)} reproduces Keras 3.15's {@code Bidirectional(RNN(cell))} and
 * {@code Bidirectional(RNN([cells]))} (≤ 1e-5): merge modes, masks, returned states; loads Keras'
 * weight files and saves the tree Keras writes.
 */
class BidirectionalCellsTest {
  @TempDir Path dir;

  @Test
  void customCellConcatSequences() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiCustomConcatSeq.load(weights("bidi_custom_concat_seq"));
    JsonNode fixture = fixture("bidi_custom_concat_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose("sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
    assertClose("batch", fixture.get("expected"), model.predict(x));
  }

  /**
   * Variable length: a 2-step call first (the backward direction then starts at step 1), then the
   * fixture's length.
   */
  @Test
  void variableTimesteps() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiCustomConcatVariable.load(
            weights("bidi_custom_concat_seq"));
    JsonNode fixture = fixture("bidi_custom_concat_seq");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertEquals(2, model.predict(java.util.Arrays.copyOf(x[b], 2)).length);
      assertClose("variable sample " + b, fixture.get("expected").get(b), model.predict(x[b]));
    }
  }

  @Test
  void stackedCellsSumLastOutput() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiStackedSumLast.load(weights("bidi_stacked_sum_last"));
    perSample("bidi_stacked_sum_last", model::predict);
  }

  @Test
  void stackedCustomAndBuiltInMulSequences() throws IOException {
    var model = RnncBidirectionalCellModels_BidiStackedMulSeq.load(weights("bidi_stacked_mul_seq"));
    perSample("bidi_stacked_mul_seq", model::predict);
  }

  /**
   * Rows: full, right-padded, left-padded with a gap, fully padded; each direction masks on its
   * own.
   */
  @Test
  void maskedCustomCellAveSequences() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiMaskedCustomAveSeq.load(
            weights("bidi_masked_custom_ave_seq"));
    perSample("bidi_masked_custom_ave_seq", model::predict);
  }

  @Test
  void maskedStackedCellsConcatLastOutput() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiMaskedStackedConcatLast.load(
            weights("bidi_masked_stacked_concat_last"));
    perSample("bidi_masked_stacked_concat_last", model::predict);
  }

  @Test
  void returnsForwardStatesThenBackward() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiStackedReturnState.load(
            weights("bidi_stacked_return_state"));
    JsonNode fixture = fixture("bidi_stacked_return_state");
    JsonNode states = fixture.get("states");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      BidirectionalCellModels.BidiStates r = model.encode(x[b]);
      assertClose("output " + b, fixture.get("expected").get(b), r.output());
      float[][] got = {
        r.forwardH0(), r.forwardC0(), r.forwardH1(), r.backwardH0(), r.backwardC0(), r.backwardH1()
      };
      for (int s = 0; s < got.length; s++) {
        assertClose("state " + s + " of " + b, states.get(s).get(b), got[s]);
      }
    }
  }

  /** KerasWeights.save writes exactly the tree Keras' save_weights wrote for the same model. */
  @Test
  void savedWeightsAreTheTreeKerasWrites() throws IOException {
    List<String> cases =
        List.of("bidi_custom_concat_seq", "bidi_stacked_sum_last", "bidi_stacked_mul_seq");
    List<RnncModel> models =
        List.of(
            RnncBidirectionalCellModels_BidiCustomConcatSeq.load(weights(cases.get(0))),
            RnncBidirectionalCellModels_BidiStackedSumLast.load(weights(cases.get(1))),
            RnncBidirectionalCellModels_BidiStackedMulSeq.load(weights(cases.get(2))));
    for (int i = 0; i < models.size(); i++) {
      Path saved = dir.resolve(cases.get(i) + ".saved.weights.h5");
      KerasWeights.save(saved, models.get(i));
      assertEquals(H5Tree.of(weights(cases.get(i))), H5Tree.of(saved), cases.get(i));
      Path export = dir.resolve(cases.get(i) + ".weights.h5");
      Files.copy(saved, export, StandardCopyOption.REPLACE_EXISTING);
      exportForKeras(export);
    }
    var reloaded =
        RnncBidirectionalCellModels_BidiStackedSumLast.load(
            dir.resolve("bidi_stacked_sum_last.saved.weights.h5"));
    JsonNode fixture = fixture("bidi_stacked_sum_last");
    assertClose(
        "reloaded",
        fixture.get("expected").get(0),
        reloaded.predict(FixtureArrays.floats3(fixture.get("input"))[0]));
  }

  /**
   * Built-in stacked cells save as a whole {@code .keras} model (config + weights) and load back;
   * custom cells are refused.
   */
  @Test
  void builtInStacksSaveAsAKerasArchive() throws IOException {
    var model =
        RnncBidirectionalCellModels_BidiStackedSumLast.load(weights("bidi_stacked_sum_last"));
    Path archive = dir.resolve("bidi_stacked_sum_last.keras");
    KerasWeights.saveKeras(archive, model);
    exportForKeras(archive);
    var reloaded = RnncBidirectionalCellModels_BidiStackedSumLast.load(archive);
    perSample("bidi_stacked_sum_last", reloaded::predict);

    var custom = RnncBidirectionalCellModels_BidiCustomConcatSeq.create(3);
    WeightsException e =
        assertThrows(
            WeightsException.class, () -> KerasWeights.saveKeras(dir.resolve("x.keras"), custom));
    assertTrue(
        e.getMessage().contains("custom cell (dev.rnnc.cells.MinimalRnnCell)"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("x.keras")));
  }

  /**
   * With {@code -Drnnc.cells.exportDir=DIR}, keeps a saved file to load into real Keras by hand.
   */
  private static void exportForKeras(Path file) throws IOException {
    String exportDir = System.getProperty("rnnc.cells.exportDir");
    if (exportDir != null) {
      Files.createDirectories(Path.of(exportDir));
      Files.copy(
          file,
          Path.of(exportDir).resolve(file.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * A file whose cells are not the model's is refused, naming both, and the model keeps its
   * weights.
   */
  @Test
  void otherCellsInTheFileAreRefused() throws IOException {
    var model = RnncBidirectionalCellModels_BidiStackedSumLast.create(7);
    float[] before = model.predict(new float[5][3]);
    WeightsException e =
        assertThrows(
            WeightsException.class,
            () -> KerasWeights.load(weights("bidi_stacked_mul_seq"), model));
    assertTrue(e.getMessage().contains("forward_layer"), e.getMessage());
    assertArrayEquals(before, model.predict(new float[5][3]), "the model keeps its weights");
  }

  private static void perSample(String name, Function<float[][], Object> predict) {
    JsonNode fixture = fixture(name);
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    for (int b = 0; b < x.length; b++) {
      assertClose(name + " sample " + b, fixture.get("expected").get(b), predict.apply(x[b]));
    }
  }

  private Path weights(String name) throws IOException {
    Path file = dir.resolve(name + ".weights.h5");
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/cells/" + name + ".weights.h5")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
