package dev.rnnc.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.testing.ArrayAssert;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Every implementation the suite times computes the same function with the same weights: rnnc, the
 * scalar baselines, the prototypes (unfused and batched M1, panel M2 and M3, M5's stream) and ONNX
 * Runtime Java all reproduce Keras' outputs for the check samples in {@code models/mN.json} to
 * 1e-5, so the ratios compare like with like.
 */
class SameFunctionTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void m1() throws IOException {
    JsonNode checks = ModelFiles.checks("m1");
    RnncM1 rnnc = RnncM1.load(ModelFiles.weights("m1"));
    ScalarM1 scalar = new ScalarM1(rnnc);
    M1Unfused unfused = new M1Unfused(rnnc);
    try (OrtPeer onnx = OrtPeer.floats("m1", new long[] {1, 30, 1}, new long[] {1, 1}, 1)) {
      for (int i = 0; i < checks.get("input").size(); i++) {
        float[][] x = ModelFiles.floatSample(checks, i);
        float[] keras = ModelFiles.expected(checks, "keras", i);
        float[] out = new float[1];
        rnnc.predictInto(x, out);
        assertClose(keras, out, "m1 rnnc " + i);
        assertClose(keras, scalar.predict(x, new float[1]), "m1 scalar " + i);
        assertClose(keras, unfused.predict(x, new float[1]), "m1 unfused " + i);
        onnx.put(0, x);
        onnx.run();
        assertClose(keras, new float[] {onnx.output().get(0)}, "m1 onnx " + i);
      }
    }
  }

  /**
   * The generated batch call (lockstep chunks of 8), on a batch of 11, agrees with Keras sample by
   * sample.
   */
  @Test
  void m1Batched() throws IOException {
    JsonNode checks = ModelFiles.checks("m1");
    RnncM1 rnnc = RnncM1.load(ModelFiles.weights("m1"));
    int samples = checks.get("input").size();
    int n = 11;
    float[][][] windows = new float[n][][];
    for (int i = 0; i < n; i++) {
      windows[i] = ModelFiles.floatSample(checks, i % samples);
    }
    float[][] out = new float[n][1];
    rnnc.predictInto(windows, out);
    for (int i = 0; i < n; i++) {
      assertClose(ModelFiles.expected(checks, "keras", i % samples), out[i], "m1 batched " + i);
    }
  }

  @Test
  void m2() throws IOException {
    JsonNode checks = ModelFiles.checks("m2");
    RnncM2 rnnc = RnncM2.load(ModelFiles.weights("m2"));
    ScalarM2 scalar = new ScalarM2(rnnc);
    PanelM2 rowMajor = new PanelM2(rnnc, false, false);
    PanelM2 folded = new PanelM2(rnnc, true, true);
    try (OrtPeer onnx = OrtPeer.tokens("m2", new long[] {1, 200}, new long[] {1, 1}, 1)) {
      for (int i = 0; i < checks.get("input").size(); i++) {
        int[] ids = ModelFiles.tokenSample(checks, i);
        float[] keras = ModelFiles.expected(checks, "keras", i);
        float[] out = new float[1];
        rnnc.predictInto(ids, out);
        assertClose(keras, out, "m2 rnnc " + i);
        assertClose(keras, scalar.predict(ids, new float[1]), "m2 scalar " + i);
        assertClose(keras, rowMajor.predict(ids, new float[1]), "m2 row-major " + i);
        assertClose(keras, folded.predict(ids, new float[1]), "m2 panels folded " + i);
        onnx.put(0, ids);
        onnx.run();
        assertClose(keras, new float[] {onnx.output().get(0)}, "m2 onnx " + i);
      }
    }
  }

  @Test
  void m3() throws IOException {
    JsonNode checks = ModelFiles.checks("m3");
    RnncM3 rnnc = RnncM3.load(ModelFiles.weights("m3"));
    ScalarM3 scalar = new ScalarM3(rnnc);
    PanelM3 rowMajor = new PanelM3(rnnc, false);
    try (OrtPeer onnx = OrtPeer.floats("m3", new long[] {1, 100, 32}, new long[] {1, 10}, 1)) {
      for (int i = 0; i < checks.get("input").size(); i++) {
        float[][] x = ModelFiles.floatSample(checks, i);
        float[] keras = ModelFiles.expected(checks, "keras", i);
        float[] out = new float[10];
        rnnc.predictInto(x, out);
        assertClose(keras, out, "m3 rnnc " + i);
        assertClose(keras, scalar.predict(x, new float[10]), "m3 scalar " + i);
        assertClose(keras, rowMajor.predict(x, new float[10]), "m3 row-major " + i);
        onnx.put(0, x);
        onnx.run();
        float[] fromOnnx = new float[10];
        onnx.output().get(0, fromOnnx);
        assertClose(keras, fromOnnx, "m3 onnx " + i);
      }
    }
  }

  @Test
  void m4() throws IOException {
    JsonNode checks = ModelFiles.checks("m4");
    RnncM4 rnnc = RnncM4.load(ModelFiles.weights("m4"));
    ScalarM4 scalar = new ScalarM4(rnnc);
    try (OrtPeer onnx = OrtPeer.floats("m4", new long[] {1, 10, 5}, new long[] {1, 1}, 1)) {
      for (int i = 0; i < checks.get("input").size(); i++) {
        float[][] x = ModelFiles.floatSample(checks, i);
        float[] keras = ModelFiles.expected(checks, "keras", i);
        float[] out = new float[1];
        rnnc.predictInto(x, out);
        assertClose(keras, out, "m4 rnnc " + i);
        assertClose(keras, scalar.predict(x, new float[1]), "m4 scalar " + i);
        onnx.put(0, x);
        onnx.run();
        assertClose(keras, new float[] {onnx.output().get(0)}, "m4 onnx " + i);
      }
    }
  }

  /**
   * Streaming the 8 steps of a check sample (generated step call, scalar baseline) ends where
   * Keras' whole-sequence call does.
   */
  @Test
  void m5() throws IOException {
    JsonNode checks = ModelFiles.checks("m5");
    RnncM5 rnnc = RnncM5.load(ModelFiles.weights("m5"));
    ScalarM5 scalar = new ScalarM5(rnnc);
    for (int i = 0; i < checks.get("input").size(); i++) {
      float[][] x = ModelFiles.floatSample(checks, i);
      float[] keras = ModelFiles.expected(checks, "keras", i);
      float[] out = new float[1];
      rnnc.resetStates();
      rnnc.predictInto(x, out);
      assertClose(keras, out, "m5 rnnc " + i);
      rnnc.resetStates();
      scalar.reset();
      float[] streamed = new float[1];
      float scalarStreamed = 0;
      for (float[] step : x) {
        rnnc.step(step, streamed);
        scalarStreamed = scalar.step(step[0]);
      }
      assertClose(keras, streamed, "m5 stream " + i);
      assertClose(keras, new float[] {scalarStreamed}, "m5 scalar stream " + i);
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    ArrayAssert.assertClose(what, expected, actual, TOLERANCE);
  }
}
