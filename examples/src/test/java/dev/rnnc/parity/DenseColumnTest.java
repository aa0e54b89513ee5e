package dev.rnnc.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.annotations.Dense;
import dev.rnnc.annotations.Input;
import dev.rnnc.annotations.LSTM;
import dev.rnnc.annotations.RnnModel;
import dev.rnnc.runtime.Layer;
import dev.rnnc.testing.ArrayAssert;
import org.junit.jupiter.api.Test;

/**
 * A Dense layer of one unit reads its kernel from a contiguous copy of the kernel's column ({@code
 * DenseColumn}), which must follow every change of the kernel's variable: here the head's kernel is
 * set through the model's API after calls that made the copy, and the next calls, single and batch,
 * on the model and on a copy made before, must give what Keras 3.15.1 gives with the new kernel
 * ({@code tools/goldens/keras_dense_column.py}). Training's updates are checked the same way by
 * {@code PredictAfterFitTest}.
 */
class DenseColumnTest {

  @RnnModel(input = @Input(timesteps = 5, features = 3))
  interface Scorer {
    @LSTM(units = 20)
    Layer encoder();

    @Dense(units = 1)
    Layer head();

    float[] predict(float[][] x);

    float[][] predict(float[][][] batch);
  }

  @Test
  void theColumnFollowsTheKernelSetAfterACall() throws Exception {
    JsonNode fixture = FixtureArrays.readFixture("dense_column");
    float[][][] x = FixtureArrays.floats3(fixture.get("input"));
    RnncDenseColumnTest_Scorer model =
        RnncDenseColumnTest_Scorer.load(
            FixtureArrays.resource("dense_column.weights.h5", "missing dense_column weights"));
    RnncDenseColumnTest_Scorer copy = model.copy();
    float[][] before = check("before", fixture.get("expected"), model, x);
    check("before, the copy", fixture.get("expected"), copy, x);

    JsonNode after = fixture.get("head_kernel_after");
    float[] kernel = new float[after.size()];
    for (int k = 0; k < kernel.length; k++) {
      kernel[k] = (float) after.get(k).get(0).asDouble();
    }
    model.head().variables().get(0).set(kernel);

    float[][] changed = check("after", fixture.get("expected_after"), model, x);
    check("after, the copy", fixture.get("expected_after"), copy, x);
    assertTrue(
        ArrayAssert.maxAbsDifference(before, changed) > 1e-2, "setting the kernel changed nothing");
  }

  /**
   * The model's batch call against Keras' rows, and each single call equal to its batch row bit for
   * bit; returns the batch call's rows.
   */
  private static float[][] check(
      String when, JsonNode expected, RnncDenseColumnTest_Scorer model, float[][][] x) {
    float[][] batch = model.predict(x);
    FixtureArrays.assertClose("dense_column " + when, expected, batch);
    for (int b = 0; b < x.length; b++) {
      assertArrayEquals(batch[b], model.predict(x[b]), when + ": sample " + b + " alone");
    }
    return batch;
  }
}
