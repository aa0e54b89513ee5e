package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Models compiled by rnnc, loaded from weight files saved by real Keras 3.15, must reproduce Keras'
 * {@code model.predict} to {@link FixtureArrays#TOLERANCE} on every sample, through the
 * single-sample and the batch call. Fixtures: {@code tools/goldens/generate.py}.
 */
class KerasParityTest {

  @Test
  void lstmBasic() throws Exception {
    ParityFixture f = ParityFixture.load("lstm_basic");
    RnncLstmBasic model = RnncLstmBasic.load(f.weights());
    f.checkFloat(model::predict, model::predict);

    float[][][] input = f.floatInput();
    JsonNode expected = f.expected();
    for (int b = 0; b < input.length; b++) {
      float[] out = new float[5];
      model.predictInto(input[b], out);
      FixtureArrays.assertClose("lstm_basic, sample " + b + ", predictInto", expected.get(b), out);
    }
    float[][] out = new float[input.length][5];
    model.predictInto(input, out);
    FixtureArrays.assertClose("lstm_basic, batch predictInto", expected, out);
  }

  @Test
  void lstmStack() throws Exception {
    ParityFixture f = ParityFixture.load("lstm_stack");
    RnncLstmStack model = RnncLstmStack.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void lstmOptions() throws Exception {
    ParityFixture f = ParityFixture.load("lstm_options");
    RnncLstmOptions model = RnncLstmOptions.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void lstmSequenceOutput() throws Exception {
    ParityFixture f = ParityFixture.load("lstm_seq_out");
    RnncLstmSeqOut model = RnncLstmSeqOut.load(f.weights());
    f.checkFloat(model::predict, model::predict);

    float[][][] input = f.floatInput();
    for (int b = 0; b < input.length; b++) {
      float[][] out = new float[5][3];
      model.predictInto(input[b], out);
      FixtureArrays.assertClose(
          "lstm_seq_out, sample " + b + ", predictInto", f.expected().get(b), out);
    }
  }

  @Test
  void gruResetAfter() throws Exception {
    ParityFixture f = ParityFixture.load("gru_reset_after");
    RnncGruResetAfter model = RnncGruResetAfter.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruResetBefore() throws Exception {
    ParityFixture f = ParityFixture.load("gru_reset_before");
    RnncGruResetBefore model = RnncGruResetBefore.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void gruOptions() throws Exception {
    ParityFixture f = ParityFixture.load("gru_options");
    RnncGruOptions model = RnncGruOptions.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void simpleRnnStack() throws Exception {
    ParityFixture f = ParityFixture.load("simple_rnn");
    RnncSimpleRnnStack model = RnncSimpleRnnStack.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void simpleRnnOneOrTwoVectorsWide() throws Exception {
    ParityFixture f = ParityFixture.load("simple_rnn_vectors");
    RnncSimpleRnnVectors model = RnncSimpleRnnVectors.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void embeddingLstm() throws Exception {
    ParityFixture f = ParityFixture.load("embedding_lstm");
    RnncEmbeddingLstm model = RnncEmbeddingLstm.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }

  @Test
  void embeddingGruSequence() throws Exception {
    ParityFixture f = ParityFixture.load("embedding_gru_seq");
    RnncEmbeddingGruSeq model = RnncEmbeddingGruSeq.load(f.weights());
    f.checkTokens(model::predict, model::predict);
  }

  /**
   * One model instance, lengths in the order 5, 1, 2, 13, 40: buffers must grow and stay correct.
   */
  @Test
  void variableLength() throws Exception {
    ParityFixture f = ParityFixture.load("variable_length");
    RnncVariableLength model = RnncVariableLength.load(f.weights());
    f.checkFloat(model::predict, model::predict);
    List<ParityFixture.Run> runs = f.runs();
    for (ParityFixture.Run run : runs) {
      f.checkFloat(run, model::predict, model::predict);
    }
    // back to a short length after the longest one
    f.checkFloat(runs.get(1), model::predict, model::predict);
  }

  /** A Java batch may mix lengths (Keras cannot without masking): each sample as in its own run. */
  @Test
  void variableLengthMixedBatch() throws Exception {
    ParityFixture f = ParityFixture.load("variable_length");
    RnncVariableLength model = RnncVariableLength.load(f.weights());
    List<ParityFixture.Run> runs = f.runs();
    List<float[][]> samples = new ArrayList<>();
    List<JsonNode> expected = new ArrayList<>();
    for (int r = runs.size() - 1; r >= 0; r--) {
      int b = r % runs.get(r).input().length;
      samples.add(runs.get(r).input()[b]);
      expected.add(runs.get(r).expected().get(b));
    }
    float[][] out = model.predict(samples.toArray(float[][][]::new));
    assertEquals(samples.size(), out.length, "variable_length mixed batch: output batch size");
    for (int i = 0; i < out.length; i++) {
      FixtureArrays.assertClose(
          "variable_length mixed batch, sample " + i + " (T=" + samples.get(i).length + ")",
          expected.get(i),
          out[i]);
    }
  }

  @TestFactory
  Stream<DynamicTest> activations() {
    return Stream.of(
        activation(
            "tanh",
            f -> {
              ActTanh m = RnncActTanh.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "sigmoid",
            f -> {
              ActSigmoid m = RnncActSigmoid.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "relu",
            f -> {
              ActRelu m = RnncActRelu.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "hard_sigmoid",
            f -> {
              ActHardSigmoid m = RnncActHardSigmoid.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "linear",
            f -> {
              ActLinear m = RnncActLinear.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "elu",
            f -> {
              ActElu m = RnncActElu.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "selu",
            f -> {
              ActSelu m = RnncActSelu.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "gelu",
            f -> {
              ActGelu m = RnncActGelu.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "swish",
            f -> {
              ActSwish m = RnncActSwish.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "softplus",
            f -> {
              ActSoftplus m = RnncActSoftplus.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }),
        activation(
            "softsign",
            f -> {
              ActSoftsign m = RnncActSoftsign.load(f.weights());
              f.checkFloat(m::predict, m::predict);
            }));
  }

  private static DynamicTest activation(String name, ThrowingConsumer<ParityFixture> check) {
    String fixture = "activation_" + name;
    return dynamicTest(fixture, () -> check.accept(ParityFixture.load(fixture)));
  }

  /**
   * Keras' automatic layer names (lstm, lstm_1, dense, ...) differ from the method names: matched
   * by order.
   */
  @Test
  void defaultKerasNamesLoadByOrder() throws Exception {
    ParityFixture f = ParityFixture.load("default_names");
    RnncDefaultNames model = RnncDefaultNames.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void kerasZipFile() throws Exception {
    ParityFixture f = ParityFixture.load("keras_zip");
    RnncKerasZip model = RnncKerasZip.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }

  @Test
  void m1BenchmarkModel() throws Exception {
    ParityFixture f = ParityFixture.load("m1");
    RnncM1 model = RnncM1.load(f.weights());
    f.checkFloat(model::predict, model::predict);

    float[][][] input = f.floatInput();
    float[][] out = new float[input.length][1];
    model.predictInto(input, out);
    FixtureArrays.assertClose("m1, batch predictInto", f.expected(), out);
  }

  @Test
  void wideSizesAboveVectorMultiples() throws Exception {
    ParityFixture f = ParityFixture.load("wide");
    RnncWide model = RnncWide.load(f.weights());
    f.checkFloat(model::predict, model::predict);
  }
}
