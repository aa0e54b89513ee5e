package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import dev.rnnc.runtime.simd.Activation;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A whole training pass of every cell kind (forward steps, backward steps with a mask, the
 * projection, Dense and Embedding gradients) allocates nothing once warm, counted with the JVM's
 * per-thread allocation counter as {@code examples}' {@code Allocations} does: rounds run until two
 * in a row allocate nothing (the Vector API allocates until C2 has compiled the kernels), for at
 * most 30 s.
 */
class TrainingAllocationTest {
  static final int BATCH = 3;
  static final int STEPS = 3;
  static final int UNITS = 19;
  static final int STRIDE = 32;
  static final int PROJ = 7;
  static final int PROJ_STRIDE = 16;

  final Random rnd = new Random(5);
  final float[] projection = random(BATCH * STEPS * 4 * STRIDE);
  final float[] dProjection = new float[projection.length];
  final float[] u = random(UNITS * 4 * STRIDE);
  final float[] dU = new float[u.length];
  final float[] p = random(UNITS * PROJ_STRIDE);
  final float[] dP = new float[p.length];
  final float[] bias = random(2 * 3 * STRIDE);
  final float[] dBias = new float[bias.length];
  final float[] h = new float[BATCH * STRIDE];
  final float[] c = new float[BATCH * STRIDE];
  final float[] dh = new float[BATCH * STRIDE];
  final float[] dc = new float[BATCH * STRIDE];
  // one record room a sample and step, as wide as the widest cell's (the cells take turns in it)
  static final int RECORD =
      Math.max(
          Math.max(CellGradients.lstmRecord(STRIDE), CellGradients.gruRecord(STRIDE)),
          Math.max(
              CellGradients.gruResetBeforeRecord(STRIDE),
              Math.max(
                  CellGradients.simpleRnnRecord(STRIDE),
                  CellGradients.lstmProjectedRecord(STRIDE, PROJ_STRIDE))));
  final float[] saved = new float[STEPS * BATCH * RECORD];
  final float[] gates = new float[BATCH * 4 * STRIDE];
  final float[] state = new float[STRIDE];
  final float[] cellOutput = new float[STRIDE];
  final float[] scratch = new float[16 * BATCH * STRIDE];
  final boolean[] mask = {true, true, false, true, false, true, true, true, true};
  final float[] x = random(BATCH * STEPS * 5);
  final float[] dx = new float[x.length];
  final float[] w = random(5 * 4 * STRIDE);
  final float[] dW = new float[w.length];
  final int[] ids = {1, 4, 1, 2, 0, 3, 3, 3, 1};
  final float[] dTable = new float[5 * STRIDE];
  final TouchedRows touched = new TouchedRows(5);

  float[] random(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextFloat(-0.5f, 0.5f);
    }
    return a;
  }

  void pass() {
    Activation tanh = Activation.TANH;
    Activation sigmoid = Activation.SIGMOID;
    int pStride = STEPS * 4 * STRIDE;
    for (int t = 0; t < STEPS; t++) {
      int off = t * 4 * STRIDE;
      int savedOff = t * BATCH * RECORD;
      CellGradients.lstmForward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          gates,
          c,
          h,
          STRIDE,
          tanh,
          sigmoid,
          saved,
          savedOff);
      CellGradients.gruForward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          bias,
          3 * STRIDE,
          UNITS,
          STRIDE,
          gates,
          h,
          STRIDE,
          tanh,
          sigmoid,
          saved,
          savedOff);
      CellGradients.gruResetBeforeForward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          gates,
          state,
          h,
          STRIDE,
          tanh,
          sigmoid,
          saved,
          savedOff);
      CellGradients.simpleRnnForward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          gates,
          h,
          STRIDE,
          Activation.GELU,
          saved,
          savedOff);
      CellGradients.lstmProjectedForward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          gates,
          state,
          cellOutput,
          p,
          PROJ,
          PROJ_STRIDE,
          c,
          h,
          STRIDE,
          tanh,
          sigmoid,
          saved,
          savedOff);
    }
    for (int t = STEPS - 1; t >= 0; t--) {
      int off = t * 4 * STRIDE;
      int savedOff = t * BATCH * RECORD;
      CellGradients.lstmBackward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          saved,
          savedOff,
          mask,
          t,
          STEPS,
          dh,
          dc,
          STRIDE,
          dProjection,
          dU,
          scratch,
          tanh,
          sigmoid);
      CellGradients.gruBackward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          bias,
          3 * STRIDE,
          UNITS,
          STRIDE,
          saved,
          savedOff,
          mask,
          t,
          STEPS,
          dh,
          STRIDE,
          dProjection,
          dU,
          dBias,
          3 * STRIDE,
          scratch,
          tanh,
          sigmoid);
      CellGradients.gruResetBeforeBackward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          saved,
          savedOff,
          mask,
          t,
          STEPS,
          dh,
          STRIDE,
          dProjection,
          dU,
          scratch,
          tanh,
          sigmoid);
      CellGradients.simpleRnnBackward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          saved,
          savedOff,
          mask,
          t,
          STEPS,
          dh,
          STRIDE,
          dProjection,
          dU,
          scratch,
          Activation.GELU);
      CellGradients.lstmProjectedBackward(
          BATCH,
          projection,
          off,
          pStride,
          u,
          UNITS,
          STRIDE,
          p,
          PROJ,
          PROJ_STRIDE,
          saved,
          savedOff,
          mask,
          t,
          STEPS,
          dh,
          dc,
          STRIDE,
          dProjection,
          dU,
          dP,
          scratch,
          tanh,
          sigmoid);
    }
    ProjectionGradients.kernel(
        BATCH * STEPS, x, 0, 5, 5, dProjection, 0, 4 * STRIDE, 4 * STRIDE, dW);
    ProjectionGradients.bias(BATCH * STEPS, dProjection, 0, 4 * STRIDE, 4 * STRIDE, dBias, 0);
    ProjectionGradients.input(
        BATCH * STEPS, dProjection, 0, 4 * STRIDE, 4 * STRIDE, w, 5, dx, 0, 5);
    DenseGradients.activation(
        BATCH, dh, 0, STRIDE, h, 0, STRIDE, null, 0, 0, UNITS, Activation.RELU);
    DenseGradients.softmax(BATCH, dc, 0, STRIDE, c, 0, STRIDE, UNITS);
    EmbeddingGradients.accumulate(ids, 0, ids.length, dx, 0, 1, 1, dTable, STRIDE, touched);
    touched.clearRows(dTable, STRIDE);
    // keep the values bounded over many passes
    java.util.Arrays.fill(dh, 0.01f);
    java.util.Arrays.fill(dc, 0.01f);
    java.util.Arrays.fill(h, 0.1f);
    java.util.Arrays.fill(c, 0.1f);
  }

  @Test
  void aTrainingPassAllocatesNothing() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    for (int i = 0; i < 5_000; i++) {
      pass();
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    int clean = 0;
    long perPass;
    do {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 1_000; i++) {
        pass();
      }
      perPass = (threads.getThreadAllocatedBytes(thread) - before) / 1_000;
      clean = perPass == 0 ? clean + 1 : 0;
    } while (clean < 2 && System.nanoTime() < deadline);
    assertEquals(0, perPass, "bytes allocated per training pass");
  }
}
