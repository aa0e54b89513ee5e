package dev.rnnc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnnc.annotations.Cell;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.GRUCell;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RNN;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.annotations.SimpleRNNCell;
import dev.rnnc.runtime.Layer;
import org.junit.jupiter.api.Test;

/**
 * Declared Keras initializers decide what {@code create(seed)} puts in each variable (Keras
 * layout).
 */
class InitializerOptionsTest {

  @RnnModel(input = @Input(timesteps = 3, features = 5))
  interface Initialized {
    @LSTM(
        units = 4,
        returnSequences = true,
        kernelInitializer = "he_uniform",
        recurrentInitializer = "identity",
        biasInitializer = "ones")
    Layer encoder();

    @RNN(
        cells = {
          @Cell(
              type = GRUCell.class,
              units = 3,
              kernelInitializer = "zeros",
              biasInitializer = "random_uniform"),
          @Cell(type = SimpleRNNCell.class, units = 2, recurrentInitializer = "zeros")
        })
    Layer stack();

    @Dense(units = 1, kernelInitializer = "ones", biasInitializer = "ones")
    Layer head();

    float[] predict(float[][] x);
  }

  @Test
  void eachVariableStartsAsDeclared() {
    Initialized model = RnncInitializerOptionsTest_Initialized.create(11);

    float[] kernel = model.encoder().kernel().get(); // (5, 16): he_uniform, limit √(6 / fan_in 5)
    double limit = Math.sqrt(6.0 / 5);
    for (float v : kernel) {
      assertTrue(Math.abs(v) <= limit && v != 0f, "he_uniform value " + v);
    }
    float[] recurrent =
        model.encoder().recurrentKernel().get(); // (4, 16): identity, ones on (i, i)
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 16; c++) {
        assertEquals(r == c ? 1f : 0f, recurrent[r * 16 + c], "recurrent (" + r + ", " + c + ")");
      }
    }
    for (float v :
        model.encoder().bias().get()) { // ones, and unit_forget_bias's forget block is ones too
      assertEquals(1f, v);
    }

    Layer stack = model.stack();
    for (float v : stack.variable("gru_cell/kernel").get()) {
      assertEquals(0f, v);
    }
    for (float v : stack.variable("gru_cell/bias").get()) {
      assertTrue(Math.abs(v) <= 0.05f && v != 0f, "random_uniform value " + v);
    }
    for (float v : stack.variable("simple_rnn_cell/recurrent_kernel").get()) {
      assertEquals(0f, v);
    }
    for (float v : model.head().kernel().get()) {
      assertEquals(1f, v);
    }
    assertEquals(1f, model.head().bias().get()[0]);
  }
}
