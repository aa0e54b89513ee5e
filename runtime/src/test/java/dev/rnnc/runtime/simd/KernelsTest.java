package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** How {@link Kernels} picks its implementation, and that its shortcuts reach it. */
class KernelsTest {
  private static final String PREFERRED = "Vector API, " + preferredBits() + "-bit";

  private static int preferredBits() {
    return Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
  }

  @Test
  void propertyPicksTheImplementation() {
    assertInstanceOf(ScalarKernels.class, Kernels.choose("0", true));
    assertInstanceOf(ScalarKernels.class, Kernels.choose(" 0 ", true));
    assertEquals("Vector API, 128-bit (4 floats)", Kernels.choose("128", true).description());
    assertEquals("Vector API, 256-bit (8 floats)", Kernels.choose("256", true).description());
    assertEquals("Vector API, 512-bit (16 floats)", Kernels.choose("512", true).description());
  }

  @Test
  void unsetOrInvalidPicksThePreferredSize() {
    assertEquals(
        PREFERRED, Kernels.choose(null, true).description().substring(0, PREFERRED.length()));
    assertEquals(
        PREFERRED, Kernels.choose("", true).description().substring(0, PREFERRED.length()));
    assertEquals(
        PREFERRED, Kernels.choose("1024", true).description().substring(0, PREFERRED.length()));
  }

  @Test
  void withoutTheVectorModuleFallsBackToScalar() {
    assertInstanceOf(ScalarKernels.class, Kernels.choose(null, false));
    assertInstanceOf(ScalarKernels.class, Kernels.choose("512", false));
  }

  @Test
  void shortcutsDelegateToInstance() {
    assertNotNull(Kernels.INSTANCE);
    assertEquals(Kernels.INSTANCE.description(), Kernels.description());

    float[] x = {1, 2};
    float[] w = {1, 2, 3, 4, 5, 6};
    float[] y = new float[3];
    Kernels.mulAdd(x, 0, 2, w, 0, 3, 3, y, 0);
    assertArrayEquals(new float[] {9, 12, 15}, y);
    Kernels.matmul(x, 0, 2, 1, 2, w, 0, 3, 3, new float[] {1, 1, 1}, 0, y, 0, 3);
    assertArrayEquals(new float[] {10, 13, 16}, y);
    Kernels.add(y, 0, y, 0, y, 0, 3);
    assertArrayEquals(new float[] {20, 26, 32}, y);
    Kernels.mul(y, 0, new float[] {0.5f, 0.5f, 0.5f}, 0, y, 0, 3);
    assertArrayEquals(new float[] {10, 13, 16}, y);
    Kernels.activate(Activation.RELU, new float[] {-1}, 0, 1);

    float[] p = {1, 1};
    Kernels.softmax(p, 0, 2);
    assertArrayEquals(new float[] {0.5f, 0.5f}, p);

    float[] gates = {1, 0, 1, 0.5f}; // i, f, o, g
    float[] c = {3};
    float[] h = new float[1];
    Kernels.lstmCell(gates, 0, 1, c, h, 1, Activation.LINEAR);
    assertArrayEquals(new float[] {0.5f}, c);
    assertArrayEquals(new float[] {0.5f}, h);

    float[] hs = {4};
    Kernels.gruBlend(new float[] {0.25f}, 0, new float[] {8}, 0, hs, 1);
    assertArrayEquals(new float[] {7}, hs); // 0.25 * 4 + 0.75 * 8
    Kernels.gruResetAfter(
        new float[] {0, 0, 1},
        0,
        new float[] {0, 0, 2},
        0,
        1,
        hs,
        1,
        Activation.LINEAR,
        Activation.HARD_SIGMOID);
    assertArrayEquals(
        new float[] {4.5f}, hs); // z = r = 0.5, hh = 1 + 0.5 * 2 = 2: 0.5 * 7 + 0.5 * 2
  }

  /**
   * The step shortcuts, on one unit with hand-computed results (tanh to the fast kernels' bound).
   */
  @Test
  void stepShortcutsDelegateToInstance() {
    float[] c = {1};
    float[] h = {0};
    // all gates 0: i = f = o = 0.5, g = 0, so c = 0.5 and h = 0.5 * tanh(0.5)
    Kernels.lstmStep(
        new float[4],
        0,
        new float[4],
        1,
        1,
        c,
        h,
        new float[4],
        Activation.TANH,
        Activation.SIGMOID);
    assertEquals(0.5f, c[0], 1e-6);
    assertEquals(0.5 * Math.tanh(0.5), h[0], 1e-6);

    float[] cs = {1, 1};
    float[] hs = {0, 0};
    Kernels.lstmSteps(
        2,
        new float[8],
        0,
        4,
        new float[4],
        1,
        1,
        cs,
        hs,
        1,
        new float[8],
        Activation.TANH,
        Activation.SIGMOID);
    assertEquals(0.5 * Math.tanh(0.5), hs[1], 1e-6);

    float[] panels = new float[4];
    RecurrentPanels.pack(new float[4], 1, 4, 1, panels);
    float[] cp = {1};
    float[] hp = {0};
    Kernels.lstmStepPanels(
        new float[4], 0, panels, 1, 1, cp, hp, new float[4], Activation.TANH, Activation.SIGMOID);
    assertEquals(0.5 * Math.tanh(0.5), hp[0], 1e-6);

    float[] hr = {0.4f};
    Kernels.simpleRnnStep(
        new float[] {0.2f}, 0, new float[] {0.5f}, 1, 1, hr, new float[1], Activation.TANH);
    assertEquals(Math.tanh(0.4), hr[0], 1e-6); // 0.2 + 0.5 * 0.4

    // GRU, all sums 0 but the candidate's input 1: z = r = 0.5, hh = tanh(1), h = 0.5 * 2 + 0.5 *
    // hh
    float[] hg = {2};
    Kernels.gruStep(
        new float[] {0, 0, 1},
        0,
        new float[3],
        new float[3],
        0,
        1,
        1,
        hg,
        new float[3],
        Activation.TANH,
        Activation.SIGMOID);
    assertEquals(1 + 0.5 * Math.tanh(1), hg[0], 1e-6);
    float[] hgp = {2};
    Kernels.gruStepPanels(
        new float[] {0, 0, 1},
        0,
        new float[3],
        new float[3],
        0,
        1,
        1,
        hgp,
        new float[3],
        Activation.TANH,
        Activation.SIGMOID);
    assertEquals(1 + 0.5 * Math.tanh(1), hgp[0], 1e-6);
  }
}
