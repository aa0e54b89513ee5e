package dev.rnnc.runtime.simd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.runtime.simd.ReferenceRnn.Kind;
import dev.rnnc.runtime.simd.ReferenceRnn.Params;
import dev.rnnc.runtime.simd.ReferenceRnn.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch parity of the training kernels' gradients: {@code torch.autograd} on {@code
 * nn.LSTM(proj_size)}, {@code nn.RNN} (relu, tanh) and {@code nn.GRU} (= Keras' {@code
 * reset_after=True}), one batch of 3 sequences of 5 steps, loss {@code Σ w·output + Σ w_c·c_n},
 * from {@code goldens/torch_gradients.json} (written by {@code tools/goldens/torch_gradients.py},
 * weights and gradients already in Keras layout). Every gradient, on the scalar and 128/256/512-bit
 * kernels, must agree with PyTorch's to {@link TrainingGradientsTest#TOLERANCE} (1e-5, the issue's
 * bound) of its largest magnitude; both sides are float32.
 */
class TorchGradientsTest {
  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in =
        TorchGradientsTest.class.getResourceAsStream("/goldens/torch_gradients.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> cases = new ArrayList<>();
      root.get("cases").forEach(cases::add);
      return cases.stream();
    }
  }

  static double[] doubles(JsonNode node) {
    double[] a = new double[node.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = node.get(i).asDouble();
    }
    return a;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientsMatchTorchAutograd(JsonNode c) {
    int units = c.get("units").asInt();
    int projSize = c.get("proj_size").asInt();
    Kind kind =
        switch (c.get("kind").asText()) {
          case "LSTM" -> projSize > 0 ? Kind.LSTM_PROJECTED : Kind.LSTM;
          case "GRU" -> Kind.GRU;
          case "RNN" -> Kind.SIMPLE;
          default -> throw new IllegalArgumentException(c.get("kind").asText());
        };
    Activation act = Activation.fromKerasName(c.get("activation").asText());
    Spec spec =
        new Spec(
            kind,
            c.get("features").asInt(),
            units,
            projSize,
            act,
            kind == Kind.SIMPLE ? null : Activation.SIGMOID,
            true);
    Params p = new Params();
    p.kernel = doubles(c.get("kernel"));
    p.recurrent = doubles(c.get("recurrent_kernel"));
    p.bias = doubles(c.get("bias"));
    p.projection = doubles(c.get("projection_kernel"));
    p.x = doubles(c.get("x"));
    p.h0 = doubles(c.get("h0"));
    p.c0 = doubles(c.get("c0"));
    int batch = c.get("batch").asInt();
    int steps = c.get("steps").asInt();
    for (TrainingGradientsTest.KernelSet set : TrainingGradientsTest.kernelSets()) {
      FloatRnn.Grads g =
          new FloatRnn(spec, set.kernels(), set.gradients())
              .run(p, batch, steps, null, doubles(c.get("w_out")), doubles(c.get("w_c")), null);
      String where = c.get("name").asText() + " on " + set + ": ";
      TrainingGradientsTest.check(where + "kernel", doubles(c.get("d_kernel")), g.kernel());
      TrainingGradientsTest.check(
          where + "recurrent kernel", doubles(c.get("d_recurrent_kernel")), g.recurrent());
      TrainingGradientsTest.check(where + "bias", doubles(c.get("d_bias")), g.bias());
      TrainingGradientsTest.check(
          where + "projection kernel", doubles(c.get("d_projection_kernel")), g.projection());
      TrainingGradientsTest.check(where + "x", doubles(c.get("d_x")), g.x());
      TrainingGradientsTest.check(where + "h0", doubles(c.get("d_h0")), g.h0());
      TrainingGradientsTest.check(where + "c0", doubles(c.get("d_c0")), g.c0());
    }
  }
}
