package dev.rnnc.runtime.simd;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.simd.ReferenceRnn.Kind;
import dev.rnnc.runtime.simd.ReferenceRnn.Params;
import dev.rnnc.runtime.simd.ReferenceRnn.Spec;

/**
 * The float side of the gradient checks: a layer's training pass as generated code will run it, on
 * the runtime's packed layouts and training steps. Packs Keras-layout weights, projects the whole
 * sequence, steps forward saving records (a masked sample's states put back after the step, as the
 * inference loop does), then steps backward adding the loss' {@code dL/dh_t} before each step, and
 * finishes with the whole-sequence products for the input kernel, bias and input gradients.
 */
final class FloatRnn {
  /** The gradients, unpacked to Keras layout, in double for comparison. */
  record Grads(
      double[] kernel,
      double[] recurrent,
      double[] bias,
      double[] projection,
      double[] x,
      double[] h0,
      double[] c0) {}

  /** The states after the forward pass, {@code batch × hUnits} and {@code batch × units}. */
  record States(float[] h, float[] c) {}

  private final Spec spec;
  private final FloatKernels k;
  private final FloatGradientKernels g;
  final int units;
  final int stride;
  final int width;
  final int hUnits;
  final int hStride;
  final int sStride;
  final PackedLayout kernelLayout;
  final PackedLayout recurrentLayout;
  final PackedLayout biasLayout;
  final PackedLayout projectionLayout;

  FloatRnn(Spec spec, FloatKernels k, FloatGradientKernels g) {
    this.spec = spec;
    this.k = k;
    this.g = g;
    units = spec.units();
    stride = PackedLayout.padded(units);
    width = spec.kind().blocks * stride;
    hUnits = spec.hUnits();
    hStride = PackedLayout.padded(hUnits);
    sStride = Math.max(stride, hStride) + 3; // deliberately not a vector multiple
    int[] order =
        spec.kind().hasCell() ? new int[] {0, 1, 3, 2} : PackedLayout.identity(spec.kind().blocks);
    kernelLayout = PackedLayout.matrix(spec.features(), units, order);
    recurrentLayout = PackedLayout.matrix(hUnits, units, order);
    biasLayout =
        spec.kind() == Kind.GRU
            ? PackedLayout.matrix(2, units, order)
            : PackedLayout.vector(units, order);
    projectionLayout =
        spec.kind() == Kind.LSTM_PROJECTED ? PackedLayout.matrix(units, hUnits, 0) : null;
  }

  static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  static double[] doubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /**
   * A packed gradient's padding must stay zero, so that an optimizer step keeps the weights'
   * padding zero.
   */
  private static void requireCleanPadding(PackedLayout layout, float[] packed, String what) {
    float[] repacked = new float[packed.length];
    layout.pack(layout.unpack(packed), repacked);
    if (!java.util.Arrays.equals(repacked, packed)) {
      throw new AssertionError("the " + what + " gradient has non-zero padding");
    }
  }

  private float[] pack(PackedLayout layout, double[] keras) {
    float[] packed = new float[layout.packedSize()];
    layout.pack(floats(keras), packed);
    return packed;
  }

  /** The record size of one sample's timestep. */
  int recordSize() {
    return switch (spec.kind()) {
      case SIMPLE -> SimpleRnnTraining.recordSize(stride);
      case LSTM -> LstmTraining.recordSize(stride);
      case GRU -> GruTraining.recordSize(stride);
      case GRU_RESET_BEFORE -> GruResetBeforeTraining.recordSize(stride);
      case LSTM_PROJECTED -> LstmProjectedTraining.recordSize(stride, hStride);
    };
  }

  int dropoutScratchSize(int batch) {
    return switch (spec.kind()) {
      case SIMPLE -> SimpleRnnTraining.dropoutScratchSize(batch, stride);
      case LSTM -> LstmTraining.dropoutScratchSize(batch, stride);
      case GRU -> GruTraining.dropoutScratchSize(batch, stride);
      case GRU_RESET_BEFORE -> GruResetBeforeTraining.dropoutScratchSize(batch, stride);
      case LSTM_PROJECTED -> throw new IllegalArgumentException("no recurrent dropout");
    };
  }

  int scratchSize(int batch) {
    return switch (spec.kind()) {
      case SIMPLE -> SimpleRnnTraining.scratchSize(batch, stride);
      case LSTM -> LstmTraining.scratchSize(batch, stride);
      case GRU -> GruTraining.scratchSize(batch, stride);
      case GRU_RESET_BEFORE -> GruResetBeforeTraining.scratchSize(batch, stride);
      case LSTM_PROJECTED -> LstmProjectedTraining.scratchSize(batch, stride, hStride);
    };
  }

  /**
   * The gradients of the reference loss, and (through {@code statesOut}, if not null) the final
   * states.
   */
  Grads run(
      Params p,
      int batch,
      int steps,
      boolean[] mask,
      double[] wH,
      double[] wC,
      States[] statesOut) {
    int features = spec.features();
    float[] w = pack(kernelLayout, p.kernel);
    float[] u = pack(recurrentLayout, p.recurrent);
    float[] bias = spec.useBias() ? pack(biasLayout, p.bias) : null;
    float[] proj = projectionLayout == null ? null : pack(projectionLayout, p.projection);
    float[] x = floats(p.x);
    int rows = batch * steps;
    float[] projection = new float[rows * width];
    int[] kerasGate = spec.kind().hasCell() ? new int[] {0, 1, 3, 2} : null;
    float[] inMask = null;
    float[] masked = null;
    if (p.inMask != null) { // one mask row of `features` per sample and mask, packed gate order
      inMask = new float[batch * p.inMasks * features];
      for (int b = 0; b < batch; b++) {
        for (int q = 0; q < p.inMasks; q++) {
          int keras = kerasGate == null || p.inMasks == 1 ? q : kerasGate[q];
          for (int j = 0; j < features; j++) {
            inMask[(b * p.inMasks + q) * features + j] =
                (float) p.inMask[(b * p.inMasks + keras) * features + j];
          }
        }
      }
      masked = new float[rows * features];
      dev.rnnc.runtime.nn.RecurrentDropouts.project(
          batch,
          steps,
          x,
          features,
          features,
          inMask,
          p.inMasks,
          w,
          width,
          bias,
          masked,
          projection);
    } else {
      k.matmul(x, 0, features, rows, features, w, 0, width, width, bias, 0, projection, 0, width);
    }
    int blocks = spec.kind().blocks;
    float[] rm = null;
    if (p.recMask != null) {
      rm = new float[batch * blocks * stride];
      for (int b = 0; b < batch; b++) {
        for (int q = 0; q < blocks; q++) {
          int keras = kerasGate == null ? q : kerasGate[q];
          for (int j = 0; j < units; j++) {
            rm[(b * blocks + q) * stride + j] = (float) p.recMask[(b * blocks + keras) * units + j];
          }
        }
      }
    }
    float[] dropoutScratch = rm == null ? null : new float[dropoutScratchSize(batch)];

    float[] h = new float[batch * sStride];
    float[] c = new float[batch * sStride];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hUnits; j++) {
        h[b * sStride + j] = (float) p.h0[b * hUnits + j];
      }
      if (spec.kind().hasCell()) {
        for (int j = 0; j < units; j++) {
          c[b * sStride + j] = (float) p.c0[b * units + j];
        }
      }
    }
    int record = recordSize();
    float[] saved = new float[steps * batch * record];
    float[] gates = new float[batch * 4 * stride + 2 * stride];
    float[] state = new float[Math.max(stride, hStride)];
    float[] state2 = new float[Math.max(stride, hStride)];
    float[] keepH = new float[batch * sStride];
    float[] keepC = new float[batch * sStride];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(h, 0, keepH, 0, h.length);
      System.arraycopy(c, 0, keepC, 0, c.length);
      int pOff = t * width;
      int pStride = steps * width;
      int savedOff = t * batch * record;
      if (rm != null) {
        forwardDropout(
            batch, projection, pOff, pStride, u, bias, h, c, saved, savedOff, rm, dropoutScratch);
      } else {
        switch (spec.kind()) {
          case SIMPLE ->
              new SimpleRnnTraining(k, g)
                  .forward(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      units,
                      stride,
                      gates,
                      h,
                      sStride,
                      spec.act(),
                      saved,
                      savedOff);
          case LSTM ->
              new LstmTraining(k, g)
                  .forward(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      false,
                      units,
                      stride,
                      gates,
                      c,
                      h,
                      sStride,
                      spec.act(),
                      spec.recAct(),
                      saved,
                      savedOff);
          case GRU ->
              new GruTraining(k, g)
                  .forward(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      false,
                      bias,
                      3 * stride,
                      units,
                      stride,
                      gates,
                      h,
                      sStride,
                      spec.act(),
                      spec.recAct(),
                      saved,
                      savedOff);
          case GRU_RESET_BEFORE ->
              new GruResetBeforeTraining(k, g)
                  .forward(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      units,
                      stride,
                      gates,
                      state,
                      h,
                      sStride,
                      spec.act(),
                      spec.recAct(),
                      saved,
                      savedOff);
          case LSTM_PROJECTED ->
              new LstmProjectedTraining(k, g)
                  .forward(
                      batch,
                      projection,
                      pOff,
                      pStride,
                      u,
                      units,
                      stride,
                      gates,
                      state,
                      state2,
                      proj,
                      hUnits,
                      hStride,
                      c,
                      h,
                      sStride,
                      spec.act(),
                      spec.recAct(),
                      saved,
                      savedOff);
        }
      }
      for (int b = 0; b < batch; b++) {
        if (mask != null && !mask[b * steps + t]) { // a masked sample keeps its states
          System.arraycopy(keepH, b * sStride, h, b * sStride, sStride);
          System.arraycopy(keepC, b * sStride, c, b * sStride, sStride);
        }
      }
    }
    if (statesOut != null) {
      statesOut[0] = new States(h.clone(), c.clone());
    }

    float[] dh = new float[batch * sStride];
    float[] dc = new float[batch * sStride];
    if (spec.kind().hasCell()) {
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < units; j++) {
          dc[b * sStride + j] = (float) wC[b * units + j];
        }
      }
    }
    float[] dProjection = new float[rows * width];
    float[] dU = new float[u.length];
    float[] dBias = new float[biasLayout.packedSize()];
    float[] dProj = proj == null ? null : new float[proj.length];
    float[] scratch = new float[scratchSize(batch)];
    for (int t = steps - 1; t >= 0; t--) {
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < hUnits; j++) {
          dh[b * sStride + j] += (float) wH[(b * steps + t) * hUnits + j];
        }
      }
      int pOff = t * width;
      int pStride = steps * width;
      int savedOff = t * batch * record;
      if (rm != null) {
        backwardDropout(
            batch,
            steps,
            t,
            projection,
            pOff,
            pStride,
            u,
            bias,
            saved,
            savedOff,
            mask,
            dh,
            dc,
            dProjection,
            dU,
            dBias,
            rm,
            dropoutScratch);
        continue;
      }
      switch (spec.kind()) {
        case SIMPLE ->
            new SimpleRnnTraining(k, g)
                .backward(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    units,
                    stride,
                    saved,
                    savedOff,
                    mask,
                    t,
                    steps,
                    dh,
                    sStride,
                    dProjection,
                    dU,
                    scratch,
                    spec.act());
        case LSTM ->
            new LstmTraining(k, g)
                .backward(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    units,
                    stride,
                    saved,
                    savedOff,
                    mask,
                    t,
                    steps,
                    dh,
                    dc,
                    sStride,
                    dProjection,
                    dU,
                    scratch,
                    spec.act(),
                    spec.recAct());
        case GRU ->
            new GruTraining(k, g)
                .backward(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    bias,
                    3 * stride,
                    units,
                    stride,
                    saved,
                    savedOff,
                    mask,
                    t,
                    steps,
                    dh,
                    sStride,
                    dProjection,
                    dU,
                    bias == null ? null : dBias,
                    3 * stride,
                    scratch,
                    spec.act(),
                    spec.recAct());
        case GRU_RESET_BEFORE ->
            new GruResetBeforeTraining(k, g)
                .backward(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    units,
                    stride,
                    saved,
                    savedOff,
                    mask,
                    t,
                    steps,
                    dh,
                    sStride,
                    dProjection,
                    dU,
                    scratch,
                    spec.act(),
                    spec.recAct());
        case LSTM_PROJECTED ->
            new LstmProjectedTraining(k, g)
                .backward(
                    batch,
                    projection,
                    pOff,
                    pStride,
                    u,
                    units,
                    stride,
                    proj,
                    hUnits,
                    hStride,
                    saved,
                    savedOff,
                    mask,
                    t,
                    steps,
                    dh,
                    dc,
                    sStride,
                    dProjection,
                    dU,
                    dProj,
                    scratch,
                    spec.act(),
                    spec.recAct());
      }
    }
    float[] dW = new float[w.length];
    float[] dx = new float[x.length];
    if (inMask != null) {
      dev.rnnc.runtime.nn.RecurrentDropouts.projectBackward(
          batch,
          steps,
          x,
          features,
          features,
          inMask,
          p.inMasks,
          dProjection,
          w,
          width,
          dW,
          bias == null ? null : dBias,
          masked,
          dx,
          false);
    } else {
      g.mulAddOuter(rows, x, 0, features, features, dProjection, 0, width, width, dW, 0, width);
      if (bias != null) {
        g.addRows(rows, dProjection, 0, width, width, dBias, 0);
      }
      g.mulAddTransposed(
          rows, dProjection, 0, width, width, w, 0, width, features, dx, 0, features);
    }

    requireCleanPadding(kernelLayout, dW, "kernel");
    requireCleanPadding(recurrentLayout, dU, "recurrent kernel");
    requireCleanPadding(biasLayout, dBias, "bias");
    if (dProj != null) {
      requireCleanPadding(projectionLayout, dProj, "projection kernel");
    }
    double[] dh0 = new double[batch * hUnits];
    double[] dc0 = new double[spec.kind().hasCell() ? batch * units : 0];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hUnits; j++) {
        dh0[b * hUnits + j] = dh[b * sStride + j];
      }
      for (int j = 0; j < dc0.length / batch; j++) {
        dc0[b * units + j] = dc[b * sStride + j];
      }
    }
    return new Grads(
        doubles(kernelLayout.unpack(dW)),
        doubles(recurrentLayout.unpack(dU)),
        spec.useBias() ? doubles(biasLayout.unpack(dBias)) : new double[0],
        dProj == null ? new double[0] : doubles(projectionLayout.unpack(dProj)),
        doubles(dx),
        dh0,
        dc0);
  }

  private void forwardDropout(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] bias,
      float[] h,
      float[] c,
      float[] saved,
      int savedOff,
      float[] rm,
      float[] scratch) {
    switch (spec.kind()) {
      case SIMPLE ->
          new SimpleRnnTraining(k, g)
              .forwardDropout(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  h,
                  sStride,
                  spec.act(),
                  saved,
                  savedOff,
                  rm,
                  scratch);
      case LSTM ->
          new LstmTraining(k, g)
              .forwardDropout(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  c,
                  h,
                  sStride,
                  spec.act(),
                  spec.recAct(),
                  saved,
                  savedOff,
                  rm,
                  scratch);
      case GRU ->
          new GruTraining(k, g)
              .forwardDropout(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  bias,
                  3 * stride,
                  units,
                  stride,
                  h,
                  sStride,
                  spec.act(),
                  spec.recAct(),
                  saved,
                  savedOff,
                  rm,
                  scratch);
      case GRU_RESET_BEFORE ->
          new GruResetBeforeTraining(k, g)
              .forwardDropout(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  h,
                  sStride,
                  spec.act(),
                  spec.recAct(),
                  saved,
                  savedOff,
                  rm,
                  scratch);
      case LSTM_PROJECTED -> throw new IllegalArgumentException("no recurrent dropout");
    }
  }

  private void backwardDropout(
      int batch,
      int steps,
      int t,
      float[] projection,
      int pOff,
      int pStride,
      float[] u,
      float[] bias,
      float[] saved,
      int savedOff,
      boolean[] mask,
      float[] dh,
      float[] dc,
      float[] dProjection,
      float[] dU,
      float[] dBias,
      float[] rm,
      float[] scratch) {
    switch (spec.kind()) {
      case SIMPLE ->
          new SimpleRnnTraining(k, g)
              .backward(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  saved,
                  savedOff,
                  mask,
                  t,
                  steps,
                  dh,
                  sStride,
                  dProjection,
                  dU,
                  scratch,
                  spec.act(),
                  rm);
      case LSTM ->
          new LstmTraining(k, g)
              .backward(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  saved,
                  savedOff,
                  mask,
                  t,
                  steps,
                  dh,
                  dc,
                  sStride,
                  dProjection,
                  dU,
                  scratch,
                  spec.act(),
                  spec.recAct(),
                  rm);
      case GRU ->
          new GruTraining(k, g)
              .backward(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  bias,
                  3 * stride,
                  units,
                  stride,
                  saved,
                  savedOff,
                  mask,
                  t,
                  steps,
                  dh,
                  sStride,
                  dProjection,
                  dU,
                  bias == null ? null : dBias,
                  3 * stride,
                  scratch,
                  spec.act(),
                  spec.recAct(),
                  rm);
      case GRU_RESET_BEFORE ->
          new GruResetBeforeTraining(k, g)
              .backward(
                  batch,
                  projection,
                  pOff,
                  pStride,
                  u,
                  units,
                  stride,
                  saved,
                  savedOff,
                  mask,
                  t,
                  steps,
                  dh,
                  sStride,
                  dProjection,
                  dU,
                  scratch,
                  spec.act(),
                  spec.recAct(),
                  rm);
      case LSTM_PROJECTED -> throw new IllegalArgumentException("no recurrent dropout");
    }
  }
}
