package dev.rnnc.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.Layer;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code @LSTM(projSize)} against real PyTorch ({@code tools/goldens/pytorch_projection.py}): the
 * weights are set through the Keras-layout variables, the outputs compared with PyTorch's.
 */
class ProjectedLstmTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void matchesPyTorchLstmWithProjection() throws IOException {
    JsonNode fixture;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/torch_lstm_proj.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    RnncProjectedLstm model = RnncProjectedLstm.create(0);
    set(model.layer0(), fixture.get("weights").get("layer0"));
    set(model.layer1(), fixture.get("weights").get("layer1"));
    assertArrayEquals(new int[] {8, 5}, model.layer0().variable("projection_kernel").shape());
    assertArrayEquals(new int[] {5, 32}, model.layer1().recurrentKernel().shape());

    JsonNode input = fixture.get("input");
    JsonNode expected = fixture.get("expected");
    double worst = 0;
    for (int b = 0; b < input.size(); b++) {
      float[][] x = new float[6][3];
      for (int t = 0; t < 6; t++) {
        for (int f = 0; f < 3; f++) {
          x[t][f] = (float) input.get(b).get(t).get(f).asDouble();
        }
      }
      float[][] y = model.predict(x);
      worst =
          Math.max(
              worst,
              ArrayAssert.assertClose(
                  "sample " + b + " vs. pytorch", expected.get(b), y, TOLERANCE));
      // h_n of the top layer is the last output.
      ArrayAssert.assertClose(
          "sample " + b + " h_n[1]", fixture.get("h_n").get(1).get(b), y[5], TOLERANCE);
    }
    assertTrue(worst > 0, "outputs are computed, not copied");
  }

  private static void set(Layer layer, JsonNode weights) {
    for (String name : new String[] {"kernel", "recurrent_kernel", "bias", "projection_kernel"}) {
      JsonNode values = weights.get(name);
      float[] flat = new float[values.size()];
      for (int i = 0; i < flat.length; i++) {
        flat[i] = (float) values.get(i).asDouble();
      }
      layer.variable(name).set(flat);
    }
  }
}
