package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph models with one input — layers naming earlier layers, {@code @InitialState}, merges — load
 * the weights real Keras 3.15.1 saved for the same functional model and reproduce its outputs (≤
 * 1e-5).
 */
class GraphParityTest {
  @TempDir Path dir;

  @Test
  void decoderStartsFromTheEncoderStatesOfTheSameInput() throws IOException {
    GraphFixture fixture = GraphFixture.read("same_input_seq2seq");
    var model = RnncGraphModels_SameInputSeq2Seq.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
    }
    float[][][] out = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutput(b, out[b]);
    }
  }

  @Test
  void skipConnectionConcatenatesTheInput() throws IOException {
    GraphFixture fixture = GraphFixture.read("skip_concat");
    var model = RnncGraphModels_SkipConcat.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
    float[] out = new float[2];
    model.predictInto(fixture.sequence(0, "x"), out);
    fixture.assertOutput(0, out);
  }

  @Test
  void addsTwoRecurrentBranches() throws IOException {
    GraphFixture fixture = GraphFixture.read("add_branches");
    var model = RnncGraphModels_AddBranches.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void multipliesAveragesAndAddsVectors() throws IOException {
    GraphFixture fixture = GraphFixture.read("vector_merges");
    var model = RnncGraphModels_VectorMerges.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
    // Merge layers have no weights but are layers of the model, as in Keras.
    assertEquals(java.util.List.of(), model.layer("joined").variables());
  }

  @Test
  void maskPassesThroughConcatenate() throws IOException {
    GraphFixture fixture = GraphFixture.read("masked_concat");
    var model = RnncGraphModels_MaskedConcat.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void bidirectionalDecoderStartsFromBothDirectionsStates() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional_states");
    var model = RnncGraphModels_BidirectionalStates.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
  }

  @Test
  void initialStateNamedByValue() throws IOException {
    GraphFixture fixture = GraphFixture.read("gru_state_chain");
    var model = RnncGraphModels_GruStateChain.load(fixture.weights(dir));
    check(fixture, (b, f) -> model.predict(f.sequence(b, "x")));
    assertSame(model.encoder(), model.layer("encoder"));
  }

  @Test
  void severalOutputsInARecord() throws IOException {
    GraphFixture fixture = GraphFixture.read("two_outputs");
    var model = RnncGraphModels_TwoOutputs.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      var prediction = model.predict(batch[b]);
      fixture.assertOutputs(b, prediction.tags(), prediction.score());
    }
    var predictions = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutputs(b, predictions[b].tags(), predictions[b].score());
    }
  }

  /**
   * Runs every sample and compares with Keras; repeats the first to show calls do not leak state.
   */
  static void check(GraphFixture fixture, BiFunction<Integer, GraphFixture, Object> call) {
    for (int b = 0; b < fixture.samples(); b++) {
      fixture.assertOutput(b, call.apply(b, fixture));
    }
    fixture.assertOutput(0, call.apply(0, fixture));
  }
}
