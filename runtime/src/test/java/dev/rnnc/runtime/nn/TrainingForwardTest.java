package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.simd.Activation;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training forward steps of {@link CellGradients} compute bit for bit what inference computes
 * ({@link Cells}): over a few timesteps of several sequences in lockstep, the states equal the
 * lockstep inference steps' (the batch calls' chunks) for Keras' default activations (the fused
 * vector kernels) and others (the composed ones), at unit counts below, at and above one vector and
 * with padding. The exceptions are the LSTM and the GRU with Keras' activations: inference's update
 * divides once per state ({@code LstmCellUpdate}, {@code GruCellUpdate}), training activates each
 * gate for its backward pass, so they agree to float round-off, and inference's batch rows equal
 * its one-sequence calls bit for bit. Training activates with {@code activateRepeatably}, whose
 * bits do not depend on the JIT tier, where inference takes the Vector API's {@code exp} and {@code
 * tanh} for some activations and kinds; there the two agree to float round-off: the kinds inference
 * runs one sequence at a time (GRU {@code reset_after=False}, PyTorch's projected LSTM) and a GELU
 * SimpleRNN.
 *
 * <p>Inference's own one-sequence steps ({@code predict(sample)}) differ from its lockstep steps in
 * the last bits for some configurations (found here: SimpleRNN tanh, whose one-sequence kernel sums
 * {@code h·U} from the projection four ways where the lockstep one adds the projection after a
 * matrix product; LSTM with non-default activations, whose lockstep cell update rounds from double
 * where {@code lstmCell} uses an FMA; GRU without bias). The training steps are lockstep steps, so
 * they are checked against the one-sequence steps only to float round-off ({@value #ROUND_OFF}
 * after {@value #STEPS} steps).
 */
class TrainingForwardTest {
  static final int BATCH = 9; // a block of eight sequences (AVX-512) and one more
  static final int STEPS = 4;
  static final float ROUND_OFF = 1e-5f;

  static IntStream units() {
    return IntStream.of(3, 16, 19, 64, 100);
  }

  record Setup(
      int units, int stride, int blocks, float[] projection, float[] u, float[] h0, float[] c0) {
    int width() {
      return blocks * stride;
    }

    int pStride() {
      return STEPS * width();
    }
  }

  static Setup setup(int units, int blocks, int hUnits, long seed) {
    Random rnd = new Random(seed);
    int stride = PackedLayout.padded(units);
    int[] order = PackedLayout.identity(blocks);
    float[] projection = new float[BATCH * STEPS * blocks * stride];
    for (int r = 0; r < BATCH * STEPS; r++) {
      float[] row = random(rnd, blocks * units, 1.5);
      float[] packed = new float[blocks * stride];
      PackedLayout.vector(units, order).pack(row, packed);
      System.arraycopy(packed, 0, projection, r * blocks * stride, packed.length);
    }
    PackedLayout layout = PackedLayout.matrix(hUnits, units, order);
    float[] u = new float[layout.packedSize()];
    layout.pack(random(rnd, layout.kerasSize(), 0.4), u);
    float[] h0 = random(rnd, BATCH * Math.max(stride, PackedLayout.padded(hUnits)), 0.8);
    float[] c0 = random(rnd, h0.length, 0.8);
    return new Setup(units, stride, blocks, projection, u, h0, c0);
  }

  static float[] random(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((2 * rnd.nextDouble() - 1) * scale);
    }
    return a;
  }

  /** Sample {@code b}'s first {@code n} floats of a state array with stride {@code sStride}. */
  static float[] row(float[] states, int b, int sStride, int n) {
    return Arrays.copyOfRange(states, b * sStride, b * sStride + n);
  }

  @ParameterizedTest(name = "{0} units")
  @MethodSource("units")
  void lstm(int units) {
    for (Activation[] acts :
        new Activation[][] {
          {Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID}
        }) {
      Setup s = setup(units, 4, units, units);
      int sStride = s.stride();
      float[] h = s.h0().clone(), c = s.c0().clone();
      float[] hLock = h.clone(), cLock = c.clone();
      float[] saved = new float[STEPS * BATCH * CellGradients.lstmRecord(s.stride())];
      float[] gates = new float[BATCH * s.width()];
      // the training step leaves its activated gates over the rows it read: its own copy
      float[] trainProjection = s.projection().clone();
      for (int t = 0; t < STEPS; t++) {
        CellGradients.lstmForward(
            BATCH,
            trainProjection,
            t * s.width(),
            s.pStride(),
            s.u(),
            units,
            s.stride(),
            gates,
            c,
            h,
            sStride,
            acts[0],
            acts[1],
            saved,
            t * BATCH * CellGradients.lstmRecord(s.stride()));
        Cells.lstmSteps(
            BATCH,
            s.projection(),
            t * s.width(),
            s.pStride(),
            s.u(),
            units,
            s.stride(),
            gates,
            cLock,
            hLock,
            sStride,
            acts[0],
            acts[1]);
      }
      for (int b = 0; b < BATCH; b++) {
        float[] hb = row(s.h0(), b, sStride, sStride), cb = row(s.c0(), b, sStride, sStride);
        for (int t = 0; t < STEPS; t++) {
          Cells.lstm(
              s.projection(),
              b * s.pStride() + t * s.width(),
              s.u(),
              units,
              s.stride(),
              gates,
              cb,
              hb,
              acts[0],
              acts[1]);
        }
        String what = "LSTM " + Arrays.toString(acts) + " sample " + b;
        if (acts[0] == Activation.TANH) {
          // Keras' activations: inference's update (LstmCellUpdate, a batch row as its one
          // sequence) divides once per state, training activates each gate for its backward pass
          assertArrayEquals(
              Arrays.copyOf(hb, units), row(hLock, b, sStride, units), what + ": h, one sequence");
          assertArrayEquals(
              Arrays.copyOf(cb, units), row(cLock, b, sStride, units), what + ": c, one sequence");
          assertArrayEquals(
              row(hLock, b, sStride, units),
              row(h, b, sStride, units),
              ROUND_OFF,
              what + ": h vs lockstep");
          assertArrayEquals(
              row(cLock, b, sStride, units),
              row(c, b, sStride, units),
              ROUND_OFF,
              what + ": c vs lockstep");
          continue;
        }
        assertArrayEquals(
            row(hLock, b, sStride, units), row(h, b, sStride, units), what + ": h vs lockstep");
        assertArrayEquals(
            row(cLock, b, sStride, units), row(c, b, sStride, units), what + ": c vs lockstep");
        assertArrayEquals(
            Arrays.copyOf(hb, units),
            row(h, b, sStride, units),
            ROUND_OFF,
            what + ": h vs one sequence");
        assertArrayEquals(
            Arrays.copyOf(cb, units),
            row(c, b, sStride, units),
            ROUND_OFF,
            what + ": c vs one sequence");
      }
    }
  }

  @ParameterizedTest(name = "{0} units")
  @MethodSource("units")
  void gru(int units) {
    for (Activation[] acts :
        new Activation[][] {
          {Activation.TANH, Activation.SIGMOID}, {Activation.SOFTSIGN, Activation.HARD_SIGMOID}
        }) {
      for (boolean bias : new boolean[] {true, false}) {
        Setup s = setup(units, 3, units, units + 7);
        float[] rb = bias ? random(new Random(units), 2 * s.width(), 0.5) : null;
        int rbOff = s.width();
        int sStride = s.stride() + 5;
        float[] h = new float[BATCH * sStride];
        for (int b = 0; b < BATCH; b++) {
          System.arraycopy(s.h0(), b * s.stride(), h, b * sStride, units);
        }
        float[] hLock = h.clone();
        float[] saved = new float[STEPS * BATCH * CellGradients.gruRecord(s.stride())];
        float[] gates = new float[BATCH * s.width()];
        // the training step leaves its activated gates over the rows it read: its own copy
        float[] trainProjection = s.projection().clone();
        for (int t = 0; t < STEPS; t++) {
          CellGradients.gruForward(
              BATCH,
              trainProjection,
              t * s.width(),
              s.pStride(),
              s.u(),
              rb,
              rbOff,
              units,
              s.stride(),
              gates,
              h,
              sStride,
              acts[0],
              acts[1],
              saved,
              t * BATCH * CellGradients.gruRecord(s.stride()));
          Cells.gruSteps(
              BATCH,
              s.projection(),
              t * s.width(),
              s.pStride(),
              s.u(),
              rb,
              rbOff,
              units,
              s.stride(),
              gates,
              hLock,
              sStride,
              acts[0],
              acts[1]);
        }
        for (int b = 0; b < BATCH; b++) {
          float[] hb = row(s.h0(), b, s.stride(), s.stride());
          for (int t = 0; t < STEPS; t++) {
            Cells.gruResetAfter(
                s.projection(),
                b * s.pStride() + t * s.width(),
                s.u(),
                rb,
                rbOff,
                units,
                s.stride(),
                gates,
                hb,
                acts[0],
                acts[1]);
          }
          String what = "GRU " + Arrays.toString(acts) + " bias " + bias + " sample " + b;
          if (acts[0] == Activation.TANH) {
            // Keras' activations: inference's update (GruCellUpdate, a batch row as its one
            // sequence) divides twice per vector, training activates each gate for its backward
            // pass
            if (bias) {
              assertArrayEquals(
                  Arrays.copyOf(hb, units), row(hLock, b, sStride, units), what + ": one sequence");
            }
            assertArrayEquals(
                row(hLock, b, sStride, units),
                row(h, b, sStride, units),
                ROUND_OFF,
                what + ": vs lockstep");
            continue;
          }
          assertArrayEquals(
              row(hLock, b, sStride, units), row(h, b, sStride, units), what + ": vs lockstep");
          assertArrayEquals(
              Arrays.copyOf(hb, units),
              row(h, b, sStride, units),
              ROUND_OFF,
              what + ": vs one sequence");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} units")
  @MethodSource("units")
  void gruResetBefore(int units) {
    for (Activation[] acts :
        new Activation[][] {
          {Activation.TANH, Activation.SIGMOID}, {Activation.ELU, Activation.HARD_SIGMOID}
        }) {
      Setup s = setup(units, 3, units, units + 11);
      int sStride = s.stride();
      float[] h = s.h0().clone();
      float[] saved = new float[STEPS * BATCH * CellGradients.gruResetBeforeRecord(s.stride())];
      float[] gates = new float[4 * s.stride()];
      float[] state = new float[s.stride()];
      for (int t = 0; t < STEPS; t++) {
        CellGradients.gruResetBeforeForward(
            BATCH,
            s.projection(),
            t * s.width(),
            s.pStride(),
            s.u(),
            units,
            s.stride(),
            gates,
            state,
            h,
            sStride,
            acts[0],
            acts[1],
            saved,
            t * BATCH * CellGradients.gruResetBeforeRecord(s.stride()));
      }
      for (int b = 0; b < BATCH; b++) {
        float[] hb = row(s.h0(), b, sStride, sStride);
        for (int t = 0; t < STEPS; t++) {
          Cells.gruResetBefore(
              s.projection(),
              b * s.pStride() + t * s.width(),
              s.u(),
              units,
              s.stride(),
              gates,
              hb,
              acts[0],
              acts[1]);
        }
        assertArrayEquals(
            Arrays.copyOf(hb, units),
            row(h, b, sStride, units),
            ROUND_OFF,
            "GRU reset before " + Arrays.toString(acts) + " sample " + b);
      }
    }
  }

  @ParameterizedTest(name = "{0} units")
  @MethodSource("units")
  void simpleRnn(int units) {
    for (Activation act : new Activation[] {Activation.TANH, Activation.RELU, Activation.GELU}) {
      Setup s = setup(units, 1, units, units + 13);
      int sStride = s.stride();
      float[] h = s.h0().clone();
      float[] hLock = h.clone();
      int record = CellGradients.simpleRnnRecord(s.stride());
      float[] saved = new float[STEPS * BATCH * record];
      float[] scratch = new float[BATCH * s.stride()];
      for (int t = 0; t < STEPS; t++) {
        CellGradients.simpleRnnForward(
            BATCH,
            s.projection(),
            t * s.width(),
            s.pStride(),
            s.u(),
            units,
            s.stride(),
            scratch,
            h,
            sStride,
            act,
            saved,
            t * BATCH * record);
        Cells.simpleRnnSteps(
            BATCH,
            s.projection(),
            t * s.width(),
            s.pStride(),
            s.u(),
            units,
            s.stride(),
            scratch,
            hLock,
            sStride,
            act);
      }
      var sized = Cells.simpleRnnStep(units, s.stride(), act);
      for (int b = 0; b < BATCH; b++) {
        float[] hb = row(s.h0(), b, sStride, sStride);
        float[] hSized = hb.clone();
        for (int t = 0; t < STEPS; t++) {
          Cells.simpleRnn(
              s.projection(),
              b * s.pStride() + t * s.width(),
              s.u(),
              units,
              s.stride(),
              scratch,
              hb,
              act);
          sized.step(s.projection(), b * s.pStride() + t * s.width(), s.u(), hSized, scratch);
        }
        String what = "SimpleRNN " + act + " sample " + b;
        if (act == Activation.GELU) { // inference's vector exp, training's Math.exp
          assertArrayEquals(
              row(hLock, b, sStride, units),
              row(h, b, sStride, units),
              ROUND_OFF,
              what + ": vs lockstep");
        } else {
          assertArrayEquals(
              row(hLock, b, sStride, units), row(h, b, sStride, units), what + ": vs lockstep");
        }
        assertArrayEquals(
            Arrays.copyOf(hb, units),
            row(h, b, sStride, units),
            ROUND_OFF,
            what + ": vs one sequence");
        assertArrayEquals(
            Arrays.copyOf(hSized, units),
            row(h, b, sStride, units),
            ROUND_OFF,
            what + ": vs sized step");
        float[] last =
            Arrays.copyOfRange(
                saved,
                ((STEPS - 1) * BATCH + b) * record + s.stride(),
                ((STEPS - 1) * BATCH + b) * record + s.stride() + units);
        assertArrayEquals(row(h, b, sStride, units), last, what + ": the record's h_t");
      }
    }
  }

  @ParameterizedTest(name = "{0} units")
  @MethodSource("units")
  void lstmProjected(int units) {
    int projSize = Math.max(1, units / 2);
    int projStride = PackedLayout.padded(projSize);
    Setup s = setup(units, 4, projSize, units + 17);
    int sStride = Math.max(s.stride(), projStride);
    PackedLayout pLayout = PackedLayout.matrix(units, projSize, 0);
    float[] p = new float[pLayout.packedSize()];
    pLayout.pack(random(new Random(units), pLayout.kerasSize(), 0.4), p);
    float[] h = s.h0().clone(), c = s.c0().clone();
    for (int b = 0; b < BATCH; b++) { // h's padding is zero, as the projection leaves it
      Arrays.fill(h, b * sStride + projSize, (b + 1) * sStride, 0f);
    }
    float[] h0 = h.clone();
    int record = CellGradients.lstmProjectedRecord(s.stride(), projStride);
    float[] saved = new float[STEPS * BATCH * record];
    float[] gates = new float[4 * s.stride()];
    float[] cell = new float[s.stride()];
    float[] cellOutput = new float[s.stride()];
    for (int t = 0; t < STEPS; t++) {
      CellGradients.lstmProjectedForward(
          BATCH,
          s.projection(),
          t * s.width(),
          s.pStride(),
          s.u(),
          units,
          s.stride(),
          gates,
          cell,
          cellOutput,
          p,
          projSize,
          projStride,
          c,
          h,
          sStride,
          Activation.TANH,
          Activation.SIGMOID,
          saved,
          t * BATCH * record);
    }
    for (int b = 0; b < BATCH; b++) {
      float[] hb = row(h0, b, sStride, sStride), cb = row(s.c0(), b, sStride, sStride);
      for (int t = 0; t < STEPS; t++) {
        Cells.lstmProjected(
            s.projection(),
            b * s.pStride() + t * s.width(),
            s.u(),
            units,
            s.stride(),
            gates,
            cb,
            cellOutput,
            p,
            projSize,
            projStride,
            hb,
            Activation.TANH,
            Activation.SIGMOID);
      }
      assertArrayEquals(
          Arrays.copyOf(hb, projSize),
          row(h, b, sStride, projSize),
          ROUND_OFF,
          "projected LSTM h, sample " + b);
      assertArrayEquals(
          Arrays.copyOf(cb, units),
          row(c, b, sStride, units),
          ROUND_OFF,
          "projected LSTM c, sample " + b);
    }
  }
}
