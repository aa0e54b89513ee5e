package dev.rnnc.recurrentoptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.runtime.Variable;
import dev.rnnc.testing.ArrayAssert;
import org.junit.jupiter.api.Test;

/**
 * The examples are compiled with {@code -Arnnc.foldEmbeddingMaxBytes=8192}, so {@link
 * EmbeddingMaskZeroLstm} (a 7,680-byte table) runs with its embedding folded into the LSTM's input
 * projection; {@code MaskingParityTest} checks it against Keras. Here: the folded table follows
 * every change of the weights it is built from, whenever it happens and through whichever copy of
 * the model (copies share the weights and the one table built from them).
 */
class FoldedEmbeddingTest {

  @Test
  void tableIsRebuiltAfterTheEmbeddingKernelOrBiasChange() throws Exception {
    KerasFixture f = KerasFixture.load("embedding_mask_zero_lstm");
    int[][] ids = f.tokenInput();
    RnncEmbeddingMaskZeroLstm used = RnncEmbeddingMaskZeroLstm.load(f.weights());
    float[][] before = used.predict(ids); // builds the table
    for (Variable v :
        new Variable[] {
          used.embed().variables().get(0), used.recurrent().kernel(), used.recurrent().bias()
        }) {
      float[] values = v.get();
      for (int i = 0; i < values.length; i++) {
        values[i] = values[i] * 0.5f + 0.01f * (i % 7);
      }
      v.set(values);
      // A model given the same weights before its first call builds its table from them directly.
      RnncEmbeddingMaskZeroLstm fresh = RnncEmbeddingMaskZeroLstm.load(f.weights());
      fresh.embed().variables().get(0).set(used.embed().variables().get(0).get());
      fresh.recurrent().kernel().set(used.recurrent().kernel().get());
      fresh.recurrent().bias().set(used.recurrent().bias().get());
      float[][] after = used.predict(ids);
      float[][] expected = fresh.predict(ids);
      for (int b = 0; b < ids.length; b++) {
        assertArrayEquals(expected[b], after[b], "after setting " + v.name() + ", sample " + b);
      }
      assertTrue(
          ArrayAssert.maxAbsDifference(before, after) > 1e-4,
          "setting " + v.name() + " changed nothing");
      before = after;
    }
  }

  @Test
  void copiesFollowWeightsSetThroughAnotherCopy() throws Exception {
    KerasFixture f = KerasFixture.load("embedding_mask_zero_lstm");
    int[][] ids = f.tokenInput();
    RnncEmbeddingMaskZeroLstm original = RnncEmbeddingMaskZeroLstm.load(f.weights());
    RnncEmbeddingMaskZeroLstm copy = original.copy();
    float[][] before = copy.predict(ids); // builds the shared table
    original.predict(ids);
    Variable embeddings = copy.embed().variables().get(0);
    float[] values = embeddings.get();
    for (int i = 0; i < values.length; i++) {
      values[i] = -values[i];
    }
    embeddings.set(values);
    RnncEmbeddingMaskZeroLstm fresh = RnncEmbeddingMaskZeroLstm.load(f.weights());
    fresh.embed().variables().get(0).set(values);
    float[][] expected = fresh.predict(ids);
    for (RnncEmbeddingMaskZeroLstm model : new RnncEmbeddingMaskZeroLstm[] {original, copy}) {
      float[][] after = model.predict(ids);
      for (int b = 0; b < ids.length; b++) {
        assertArrayEquals(expected[b], after[b], "sample " + b);
      }
    }
    assertTrue(
        ArrayAssert.maxAbsDifference(before, expected) > 1e-4,
        "negating the embeddings changed nothing");
  }
}
