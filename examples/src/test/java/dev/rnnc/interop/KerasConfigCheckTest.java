package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.io.KerasWeights;
import dev.rnnc.runtime.io.KerasWeightsException;
import dev.rnnc.runtime.io.Weights;
import dev.rnnc.runtime.io.WeightsException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code .keras} archive's config against the options the interface declares, on a file real
 * Keras 3.15 saved ({@code tools/goldens/keras_config_check.py}): declared as the file says, the
 * model reproduces Keras; declared otherwise, every load path refuses with one list of every
 * difference and changes nothing, and {@link KerasWeights#loadWeightsOnly} is the way to load the
 * weights anyway.
 */
class KerasConfigCheckTest {
  private static final InteropFixture FIXTURE = InteropFixture.load("keras/config", "sentiment");
  private static final Path FILE = InteropFixture.resource("keras/config/sentiment.keras");

  private static final List<String> DIFFERENCES =
      List.of(
          "embed (Embedding) mask_zero: the file has true, the model declares false",
          "encoder (LSTM) go_backwards: the file has false, the model declares true",
          "sentiment (Dense) activation: the file has \"sigmoid\", the model declares \"tanh\"");

  @Test
  void declaredAsTheFileSaysLoadsAndReproducesKeras() throws Exception {
    var model = RnncConfigCheckModels_Sentiment.load(FILE);
    InteropFixture.assertClose(
        "sentiment", FIXTURE.get("expected"), model.predict(FIXTURE.ints2("input")));
  }

  @Test
  void misdeclaredModelIsRefusedListingEveryDifference() throws Exception {
    var model = RnncConfigCheckModels_Misdeclared.create(7);
    int[][] input = FIXTURE.ints2("input");
    float[][] before = model.predict(input);

    KerasWeightsException e =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.load(FILE, model));
    List<String> problems = e.problems();
    assertEquals(DIFFERENCES, problems.subList(0, 3), e.getMessage());
    assertTrue(
        problems
            .get(3)
            .startsWith(
                "the file's config.json differs from the options the model declares (3"
                    + " differences above)"),
        problems.get(3));
    assertTrue(problems.get(3).contains("KerasWeights.loadWeightsOnly"), problems.get(3));
    assertEquals(4, problems.size(), e.getMessage());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot load Keras weights from "
                    + FILE
                    + " into model Misdeclared: 4"
                    + " problems"),
        e.getMessage());
    assertArrayEquals(before, model.predict(input), "a refused load changed the model");

    // The generic loader and the generated load(path) refuse alike.
    WeightsException viaWeights =
        assertThrows(WeightsException.class, () -> Weights.load(FILE, model));
    assertEquals(problems, viaWeights.problems());
    assertArrayEquals(before, model.predict(input), "a refused load changed the model");
    WeightsException viaLoad =
        assertThrows(WeightsException.class, () -> RnncConfigCheckModels_Misdeclared.load(FILE));
    assertEquals(problems, viaLoad.problems());
  }

  @Test
  void loadWeightsOnlyTakesTheWeightsOfAMisdeclaredModel() throws Exception {
    var right = RnncConfigCheckModels_Sentiment.load(FILE);
    var misdeclared = RnncConfigCheckModels_Misdeclared.create(7);
    KerasWeights.loadWeightsOnly(FILE, misdeclared);
    for (Layer layer : right.layers()) {
      for (Variable v : layer.variables()) {
        assertArrayEquals(
            v.get(),
            misdeclared.layer(layer.name()).variable(v.name()).get(),
            layer.name() + " " + v.name());
      }
    }
    // What the check guards against: same weights, other options, other answers.
    int[][] input = FIXTURE.ints2("input");
    float[][] keras = InteropFixture.floats2(FIXTURE.get("expected"));
    float[][] wrong = misdeclared.predict(input);
    double worst = 0;
    for (int b = 0; b < keras.length; b++) {
      worst = Math.max(worst, Math.abs(wrong[b][0] - keras[b][0]));
    }
    assertTrue(
        worst > 0.1,
        "the misdeclared model should predict otherwise than Keras; max difference " + worst);
  }

  @Test
  void loadWeightsOnlyStillChecksTheWeights() throws Exception {
    // Shapes are checked with or without the config: a 5-unit LSTM does not take the file's 6.
    var model = RnncConfigCheckModels_Narrower.create(3);
    float[] embeddings = model.embed().variable("embeddings").get();
    KerasWeightsException e =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.loadWeightsOnly(FILE, model));
    assertEquals(
        List.of(
            "encoder (LSTM) kernel: expected shape (8, 20), the file has (8, 24) at /layers/lstm/cell/vars/0",
            "encoder (LSTM) recurrent_kernel: expected shape (5, 20), the file has (6, 24) at /layers/lstm/cell/vars/1",
            "encoder (LSTM) bias: expected shape (20,), the file has (24,) at /layers/lstm/cell/vars/2",
            "sentiment (Dense) kernel: expected shape (5, 1), the file has (6, 1) at /layers/dense/vars/0"),
        e.problems());
    assertArrayEquals(
        embeddings, model.embed().variable("embeddings").get(), "a refused load changed the model");
    // With the check, the config differences come first in the same list.
    KerasWeightsException checked =
        assertThrows(KerasWeightsException.class, () -> KerasWeights.load(FILE, model));
    assertEquals(
        "encoder (LSTM) units: the file has 6, the model declares 5",
        checked.problems().getFirst());
    assertEquals(
        "sentiment (Dense) kernel: expected shape (5, 1), the file has (6, 1) at /layers/dense/vars/0",
        checked.problems().getLast());
  }
}
