package dev.rnnc.repeatability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRU;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A prediction is the same bits whether the JIT has compiled the kernels or not: the first calls of
 * a JVM run the Vector API's Java code in the interpreter, later ones C2's vector instructions, and
 * the Vector API's transcendentals ({@code lanewise(EXP / TANH / EXPM1)}) differ in the last bit
 * between the two. examples/pom.xml runs this class in a JVM of its own (execution cold-jit), where
 * no other test has compiled the kernels first.
 */
class ColdWarmPredictionTest {

  /**
   * Every activation and cell path of inference that computes an exponential or a tanh outside the
   * fused recurrent steps, each wider than one vector: Dense tanh, sigmoid, GELU, ELU, SELU and
   * swish, a GRU {@code resetAfter = false} and an LSTM with another activation (composed steps),
   * and a softmax head.
   */
  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface Activations {
    @GRU(units = 20, resetAfter = false, returnSequences = true)
    Layer resetBefore();

    @LSTM(units = 18, activation = "swish", recurrentActivation = "hard_sigmoid")
    Layer swishLstm();

    @Dense(units = 17, activation = "tanh")
    Layer tanh();

    @Dense(units = 19, activation = "sigmoid")
    Layer sigmoid();

    @Dense(units = 21, activation = "gelu")
    Layer gelu();

    @Dense(units = 22, activation = "elu")
    Layer elu();

    @Dense(units = 23, activation = "selu")
    Layer selu();

    @Dense(units = 24, activation = "swish")
    Layer swish();

    @Dense(units = 20, activation = "softmax")
    Layer head();

    float[] predict(float[][] sample);
  }

  @Test
  void aColdAndAWarmPredictionAreTheSameBits() {
    var model = RnncColdWarmPredictionTest_Activations.create(7);
    SplittableRandom random = new SplittableRandom(8);
    float[][][] samples = new float[40][5][3];
    for (float[][] sample : samples) {
      for (float[] step : sample) {
        for (int f = 0; f < step.length; f++) {
          step[f] = (float) random.nextGaussian() * 2;
        }
      }
    }
    float[][] cold = new float[samples.length][];
    for (int i = 0; i < samples.length; i++) {
      cold[i] = model.predict(samples[i]);
    }
    for (int round = 0; round < 20_000; round++) { // warm-up: C2 compiles the kernels
      model.predict(samples[round % samples.length]);
    }
    for (int i = 0; i < samples.length; i++) {
      float[] warm = model.predict(samples[i]);
      for (int j = 0; j < warm.length; j++) {
        assertEquals(
            Float.floatToRawIntBits(cold[i][j]),
            Float.floatToRawIntBits(warm[j]),
            "sample " + i + ", output " + j + ": cold " + cold[i][j] + ", warm " + warm[j]);
      }
    }
  }
}
