package dev.rnnc.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.rnnc.runtime.io.KerasWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Bidirectional(backwardLayer)}: a backward direction of another class loads the weights
 * real Keras 3.15.1 saved for {@code Bidirectional(layer, backward_layer=...)} and reproduces its
 * outputs (≤ 1e-5); so do {@code mergeMode = "none"} layers whose directions later layers read
 * apart ({@code @Forward}, {@code @Backward}), as Keras' {@code merge_mode=None}. Fixtures from
 * {@code tools/goldens/keras_bidirectional_backward_layer_merge_none.py}.
 */
class BackwardLayerMergeNoneParityTest {
  @TempDir Path dir;

  @Test
  void backwardGruBesideForwardLstm() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "backward_gru_concat");
    var model = RnncBidirectionalModels_BackwardGruConcat.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      fixture.assertOutput(b, model.predict(batch[b]));
    }
    float[][][] out = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutput(b, out[b]);
    }
    // The backward method is no layer of its own: it returns the Bidirectional layer.
    assertSame(model.encoder(), model.reverse());
    assertEquals(List.of("encoder", "head"), model.layers().stream().map(l -> l.name()).toList());
  }

  @Test
  void backwardStatesFollowTheForwardOnes() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "backward_states");
    var model = RnncBidirectionalModels_BackwardStates.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      var encoded = model.encode(fixture.sequence(b, "x"));
      fixture.assertOutputs(b, encoded.output(), encoded.forwardH(), encoded.backwardH());
    }
  }

  @Test
  void maskedDirectionsOfTwoClassesSum() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "backward_masked_sum");
    var model = RnncBidirectionalModels_BackwardMaskedSum.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      fixture.assertOutput(b, model.predict(fixture.sequence(b, "x")));
    }
  }

  @Test
  void savedWeightsLoadBack() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "backward_gru_concat");
    var model = RnncBidirectionalModels_BackwardGruConcat.load(fixture.weights(dir));
    Path saved = dir.resolve("saved.weights.h5");
    KerasWeights.save(saved, model);
    var reloaded = RnncBidirectionalModels_BackwardGruConcat.load(saved);
    for (int b = 0; b < fixture.samples(); b++) {
      fixture.assertOutput(b, reloaded.predict(fixture.sequence(b, "x")));
    }
  }

  @Test
  void directionsReadApart() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_concat_reversed");
    var model = RnncBidirectionalModels_NoneConcatReversed.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      fixture.assertOutput(b, model.predict(batch[b]));
    }
    float[][][] out = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutput(b, out[b]);
    }
  }

  @Test
  void directionsCarryTheMask() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_masked_average");
    var model = RnncBidirectionalModels_NoneMaskedAverage.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      fixture.assertOutput(b, model.predict(fixture.sequence(b, "x")));
    }
  }

  @Test
  void lastOutputsOfBothDirections() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_vectors");
    var model = RnncBidirectionalModels_NoneVectors.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      fixture.assertOutput(b, model.predict(fixture.sequence(b, "x")));
    }
  }

  @Test
  void directionsAsTheModelOutputs() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_model_output_seq");
    var model = RnncBidirectionalModels_NoneModelOutputSeq.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      var directions = model.predict(batch[b]);
      fixture.assertOutputs(b, directions.forward(), directions.backward());
    }
    var all = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutputs(b, all[b].forward(), all[b].backward());
    }
  }

  @Test
  void lastOutputsAsTheModelOutputs() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_model_output_last");
    var model = RnncBidirectionalModels_NoneModelOutputLast.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      var last = model.predict(batch[b]);
      fixture.assertOutputs(b, last.forward(), last.backward());
    }
    var all = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutputs(b, all[b].forward(), all[b].backward());
    }
  }

  @Test
  void oneDirectionOfTheLastLayerAsTheModelOutput() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_model_output_forward");
    var model = RnncBidirectionalModels_NoneModelOutputForward.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      fixture.assertOutput(b, model.predict(batch[b]));
    }
    float[][][] all = model.predict(batch);
    float[][][] into = new float[batch.length][6][4];
    model.predictInto(batch, into);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutput(b, all[b]);
      fixture.assertOutput(b, into[b]);
    }
  }

  @Test
  void theBackwardLastOutputAsTheModelOutput() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_model_output_backward_last");
    var model = RnncBidirectionalModels_NoneModelOutputBackwardLast.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      float[][] x = fixture.sequence(b, "x");
      fixture.assertOutput(b, model.predict(x));
      float[] out = new float[3];
      model.predictInto(x, out);
      fixture.assertOutput(b, out);
    }
  }

  @Test
  void eachDirectionAloneIsThatComponentOfBoth() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_model_output_last");
    var model = RnncBidirectionalModels_NoneModelOutputLast.load(fixture.weights(dir));
    for (int b = 0; b < fixture.samples(); b++) {
      float[][] x = fixture.sequence(b, "x");
      fixture.assertOutputs(b, model.forward(x), model.backward(x));
    }
  }

  @Test
  void aDirectionBesideAHeadOnTheOther() throws IOException {
    GraphFixture fixture = GraphFixture.read("bidirectional", "none_backward_beside_head");
    var model = RnncBidirectionalModels_NoneBackwardBesideHead.load(fixture.weights(dir));
    float[][][] batch = new float[fixture.samples()][][];
    for (int b = 0; b < batch.length; b++) {
      batch[b] = fixture.sequence(b, "x");
      var out = model.predict(batch[b]);
      fixture.assertOutputs(b, out.tags(), out.encoderBackward());
    }
    var all = model.predict(batch);
    for (int b = 0; b < batch.length; b++) {
      fixture.assertOutputs(b, all[b].tags(), all[b].encoderBackward());
    }
  }
}
