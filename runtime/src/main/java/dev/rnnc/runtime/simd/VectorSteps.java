package dev.rnnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused recurrent steps of {@link VectorKernels}: the recurrent product, the gates and the
 * state update of one timestep, with nothing in between but the L1-hot gates scratch.
 *
 * <p>Products: units go in groups of one vector. One pass over the recurrent kernel sums the gates
 * of several groups at once, starting from the projection (no copy precedes it): four groups (16
 * LSTM, 12 GRU accumulators) with 512-bit vectors, which only AVX-512 hardware, with 32 registers,
 * runs natively; two groups (8, 6 accumulators) otherwise, within AVX2's 16 registers. A 64-unit
 * LSTM then reads each row of U as one contiguous kilobyte, measured about 1.3x faster from L2 than
 * two half-row passes. The products run over whole vectors of each zero-padded gate block, which
 * the {@code stride % lanes} check keeps inside the block.
 *
 * <p>Gates and update: one loop per step of the math, each with at most one {@link VectorMath}
 * call. C2 inlines such a call in a hot loop, but a few of them in one method overflow its inlining
 * budget ({@code NodeCountInliningCutoff}), and a vector that crosses a call that is not inlined is
 * boxed: an allocation on every step. The extra loads and stores of the gates scratch cost next to
 * nothing. State loads and stores are masked at {@code units}, so the padding of {@code c} and
 * {@code h} is never touched.
 *
 * <p>Other activations, or strides that are no lane multiple, take {@link ComposedSteps}.
 */
final class VectorSteps {
    private final Lanes lanes;
    private final FloatKernels kernels;

    VectorSteps(Lanes lanes, FloatKernels kernels) {
        this.lanes = lanes;
        this.kernels = kernels;
    }

    private VectorSpecies<Float> species() {
        return lanes.species();
    }

    /** {@link FloatKernels#lstmStep}. */
    void lstm(float[] projection, int pOff, float[] u, int units, int stride, float[] c, float[] h, float[] scratch,
            Activation act, Activation recAct) {
        int l = species().length();
        if (act != Activation.TANH || recAct != Activation.SIGMOID || stride % l != 0 || units > stride) {
            ComposedSteps.lstm(kernels, projection, pOff, u, units, stride, c, h, scratch, act, recAct);
            return;
        }
        int a = 0;
        if (l == 16) {
            for (; a + 3 * l < units; a += 4 * l) {
                lstmGates4(projection, pOff + a, u, a, units, stride, h, scratch);
            }
        }
        for (; a + l < units; a += 2 * l) {
            lstmGates2(projection, pOff + a, u, a, units, stride, h, scratch);
        }
        if (a < units) {
            lstmGates1(projection, pOff + a, u, a, units, stride, h, scratch);
        }
        int used = (units + l - 1) / l * l;
        for (int b = 0; b < 3; b++) {
            sigmoid(scratch, b * stride, b * stride + used);
        }
        tanh(scratch, 3 * stride, 3 * stride + used);
        cellState(scratch, stride, c, units);
        tanh(scratch, 0, used);
        hiddenState(scratch, stride, h, units);
    }

    /** {@code gates = projection + h·U}, four gate blocks of groups {@code a .. a + 4·lanes}. */
    private void lstmGates4(float[] p, int pAt, float[] u, int a, int units, int stride, float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int f = stride, o = 2 * stride, g = 3 * stride;
        FloatVector i0 = FloatVector.fromArray(s, p, pAt), i1 = FloatVector.fromArray(s, p, pAt + l);
        FloatVector i2 = FloatVector.fromArray(s, p, pAt + 2 * l), i3 = FloatVector.fromArray(s, p, pAt + 3 * l);
        FloatVector f0 = FloatVector.fromArray(s, p, pAt + f), f1 = FloatVector.fromArray(s, p, pAt + f + l);
        FloatVector f2 = FloatVector.fromArray(s, p, pAt + f + 2 * l);
        FloatVector f3 = FloatVector.fromArray(s, p, pAt + f + 3 * l);
        FloatVector o0 = FloatVector.fromArray(s, p, pAt + o), o1 = FloatVector.fromArray(s, p, pAt + o + l);
        FloatVector o2 = FloatVector.fromArray(s, p, pAt + o + 2 * l);
        FloatVector o3 = FloatVector.fromArray(s, p, pAt + o + 3 * l);
        FloatVector g0 = FloatVector.fromArray(s, p, pAt + g), g1 = FloatVector.fromArray(s, p, pAt + g + l);
        FloatVector g2 = FloatVector.fromArray(s, p, pAt + g + 2 * l);
        FloatVector g3 = FloatVector.fromArray(s, p, pAt + g + 3 * l);
        int width = 4 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
            i1 = FloatVector.fromArray(s, u, row + l).fma(hk, i1);
            i2 = FloatVector.fromArray(s, u, row + 2 * l).fma(hk, i2);
            i3 = FloatVector.fromArray(s, u, row + 3 * l).fma(hk, i3);
            f0 = FloatVector.fromArray(s, u, row + f).fma(hk, f0);
            f1 = FloatVector.fromArray(s, u, row + f + l).fma(hk, f1);
            f2 = FloatVector.fromArray(s, u, row + f + 2 * l).fma(hk, f2);
            f3 = FloatVector.fromArray(s, u, row + f + 3 * l).fma(hk, f3);
            o0 = FloatVector.fromArray(s, u, row + o).fma(hk, o0);
            o1 = FloatVector.fromArray(s, u, row + o + l).fma(hk, o1);
            o2 = FloatVector.fromArray(s, u, row + o + 2 * l).fma(hk, o2);
            o3 = FloatVector.fromArray(s, u, row + o + 3 * l).fma(hk, o3);
            g0 = FloatVector.fromArray(s, u, row + g).fma(hk, g0);
            g1 = FloatVector.fromArray(s, u, row + g + l).fma(hk, g1);
            g2 = FloatVector.fromArray(s, u, row + g + 2 * l).fma(hk, g2);
            g3 = FloatVector.fromArray(s, u, row + g + 3 * l).fma(hk, g3);
        }
        i0.intoArray(gates, a);
        i1.intoArray(gates, a + l);
        i2.intoArray(gates, a + 2 * l);
        i3.intoArray(gates, a + 3 * l);
        f0.intoArray(gates, a + f);
        f1.intoArray(gates, a + f + l);
        f2.intoArray(gates, a + f + 2 * l);
        f3.intoArray(gates, a + f + 3 * l);
        o0.intoArray(gates, a + o);
        o1.intoArray(gates, a + o + l);
        o2.intoArray(gates, a + o + 2 * l);
        o3.intoArray(gates, a + o + 3 * l);
        g0.intoArray(gates, a + g);
        g1.intoArray(gates, a + g + l);
        g2.intoArray(gates, a + g + 2 * l);
        g3.intoArray(gates, a + g + 3 * l);
    }

    /** {@link #lstmGates4} for two groups. */
    private void lstmGates2(float[] p, int pAt, float[] u, int a, int units, int stride, float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int f = stride, o = 2 * stride, g = 3 * stride;
        FloatVector i0 = FloatVector.fromArray(s, p, pAt), i1 = FloatVector.fromArray(s, p, pAt + l);
        FloatVector f0 = FloatVector.fromArray(s, p, pAt + f), f1 = FloatVector.fromArray(s, p, pAt + f + l);
        FloatVector o0 = FloatVector.fromArray(s, p, pAt + o), o1 = FloatVector.fromArray(s, p, pAt + o + l);
        FloatVector g0 = FloatVector.fromArray(s, p, pAt + g), g1 = FloatVector.fromArray(s, p, pAt + g + l);
        int width = 4 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
            i1 = FloatVector.fromArray(s, u, row + l).fma(hk, i1);
            f0 = FloatVector.fromArray(s, u, row + f).fma(hk, f0);
            f1 = FloatVector.fromArray(s, u, row + f + l).fma(hk, f1);
            o0 = FloatVector.fromArray(s, u, row + o).fma(hk, o0);
            o1 = FloatVector.fromArray(s, u, row + o + l).fma(hk, o1);
            g0 = FloatVector.fromArray(s, u, row + g).fma(hk, g0);
            g1 = FloatVector.fromArray(s, u, row + g + l).fma(hk, g1);
        }
        i0.intoArray(gates, a);
        i1.intoArray(gates, a + l);
        f0.intoArray(gates, a + f);
        f1.intoArray(gates, a + f + l);
        o0.intoArray(gates, a + o);
        o1.intoArray(gates, a + o + l);
        g0.intoArray(gates, a + g);
        g1.intoArray(gates, a + g + l);
    }

    /** {@link #lstmGates4} for one group. */
    private void lstmGates1(float[] p, int pAt, float[] u, int a, int units, int stride, float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int f = stride, o = 2 * stride, g = 3 * stride;
        FloatVector i0 = FloatVector.fromArray(s, p, pAt);
        FloatVector f0 = FloatVector.fromArray(s, p, pAt + f);
        FloatVector o0 = FloatVector.fromArray(s, p, pAt + o);
        FloatVector g0 = FloatVector.fromArray(s, p, pAt + g);
        int width = 4 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            i0 = FloatVector.fromArray(s, u, row).fma(hk, i0);
            f0 = FloatVector.fromArray(s, u, row + f).fma(hk, f0);
            o0 = FloatVector.fromArray(s, u, row + o).fma(hk, o0);
            g0 = FloatVector.fromArray(s, u, row + g).fma(hk, g0);
        }
        i0.intoArray(gates, a);
        f0.intoArray(gates, a + f);
        o0.intoArray(gates, a + o);
        g0.intoArray(gates, a + g);
    }

    /**
     * {@code c = f * c + i * g} from activated gates, masked at {@code units}; the new {@code c}
     * also goes to the input gate's block, which {@link #tanh} then turns into {@code tanh(c)}.
     */
    private void cellState(float[] gates, int stride, float[] c, int units) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int j = 0;
        for (; j <= units - l; j += l) {
            FloatVector i = FloatVector.fromArray(s, gates, j);
            FloatVector g = FloatVector.fromArray(s, gates, j + 3 * stride);
            FloatVector cNew = FloatVector.fromArray(s, gates, j + stride)
                    .fma(FloatVector.fromArray(s, c, j), i.mul(g));
            cNew.intoArray(c, j);
            cNew.intoArray(gates, j);
        }
        if (j < units) {
            var m = s.indexInRange(j, units);
            FloatVector i = FloatVector.fromArray(s, gates, j);
            FloatVector g = FloatVector.fromArray(s, gates, j + 3 * stride);
            FloatVector cNew = FloatVector.fromArray(s, gates, j + stride)
                    .fma(FloatVector.fromArray(s, c, j, m), i.mul(g));
            cNew.intoArray(c, j, m);
            cNew.intoArray(gates, j);
        }
    }

    /** {@code h = o * tanh(c)}, {@code tanh(c)} in the input gate's block; masked at {@code units}. */
    private void hiddenState(float[] gates, int stride, float[] h, int units) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int j = 0;
        for (; j <= units - l; j += l) {
            FloatVector.fromArray(s, gates, j + 2 * stride).mul(FloatVector.fromArray(s, gates, j)).intoArray(h, j);
        }
        if (j < units) {
            FloatVector.fromArray(s, gates, j + 2 * stride).mul(FloatVector.fromArray(s, gates, j))
                    .intoArray(h, j, s.indexInRange(j, units));
        }
    }

    /** {@link FloatKernels#gruStep}. */
    void gru(float[] projection, int pOff, float[] u, float[] recurrentBias, int rbOff, int units, int stride,
            float[] h, float[] scratch, Activation act, Activation recAct) {
        int l = species().length();
        if (act != Activation.TANH || recAct != Activation.SIGMOID || recurrentBias == null || stride % l != 0
                || units > stride) {
            ComposedSteps.gru(kernels, projection, pOff, u, recurrentBias, rbOff, units, stride, h, scratch, act,
                    recAct);
            return;
        }
        int a = 0;
        if (l == 16) {
            for (; a + 3 * l < units; a += 4 * l) {
                gruGates4(projection, pOff + a, u, recurrentBias, rbOff + a, a, units, stride, h, scratch);
            }
        }
        for (; a + l < units; a += 2 * l) {
            gruGates2(projection, pOff + a, u, recurrentBias, rbOff + a, a, units, stride, h, scratch);
        }
        if (a < units) {
            gruGates1(projection, pOff + a, u, recurrentBias, rbOff + a, a, units, stride, h, scratch);
        }
        int used = (units + l - 1) / l * l;
        sigmoid(scratch, 0, stride + used);
        candidateInput(projection, pOff + 2 * stride, scratch, stride, used);
        tanh(scratch, stride, stride + used);
        blend(scratch, stride, h, units);
    }

    /**
     * The GRU's gate sums for groups {@code a .. a + 4·lanes}: update and reset start from
     * {@code mx + b_rec}, the candidate from {@code b_rec} alone, since the reset gate multiplies
     * {@code h·U_h + b_rec,h} before {@code mx_h} is added.
     */
    private void gruGates4(float[] p, int pAt, float[] u, float[] rb, int rbAt, int a, int units, int stride,
            float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int r = stride, n = 2 * stride;
        FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
        FloatVector z1 = FloatVector.fromArray(s, p, pAt + l).add(FloatVector.fromArray(s, rb, rbAt + l));
        FloatVector z2 = FloatVector.fromArray(s, p, pAt + 2 * l).add(FloatVector.fromArray(s, rb, rbAt + 2 * l));
        FloatVector z3 = FloatVector.fromArray(s, p, pAt + 3 * l).add(FloatVector.fromArray(s, rb, rbAt + 3 * l));
        FloatVector r0 = FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
        FloatVector r1 = FloatVector.fromArray(s, p, pAt + r + l).add(FloatVector.fromArray(s, rb, rbAt + r + l));
        FloatVector r2 = FloatVector.fromArray(s, p, pAt + r + 2 * l)
                .add(FloatVector.fromArray(s, rb, rbAt + r + 2 * l));
        FloatVector r3 = FloatVector.fromArray(s, p, pAt + r + 3 * l)
                .add(FloatVector.fromArray(s, rb, rbAt + r + 3 * l));
        FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n), n1 = FloatVector.fromArray(s, rb, rbAt + n + l);
        FloatVector n2 = FloatVector.fromArray(s, rb, rbAt + n + 2 * l);
        FloatVector n3 = FloatVector.fromArray(s, rb, rbAt + n + 3 * l);
        int width = 3 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
            z1 = FloatVector.fromArray(s, u, row + l).fma(hk, z1);
            z2 = FloatVector.fromArray(s, u, row + 2 * l).fma(hk, z2);
            z3 = FloatVector.fromArray(s, u, row + 3 * l).fma(hk, z3);
            r0 = FloatVector.fromArray(s, u, row + r).fma(hk, r0);
            r1 = FloatVector.fromArray(s, u, row + r + l).fma(hk, r1);
            r2 = FloatVector.fromArray(s, u, row + r + 2 * l).fma(hk, r2);
            r3 = FloatVector.fromArray(s, u, row + r + 3 * l).fma(hk, r3);
            n0 = FloatVector.fromArray(s, u, row + n).fma(hk, n0);
            n1 = FloatVector.fromArray(s, u, row + n + l).fma(hk, n1);
            n2 = FloatVector.fromArray(s, u, row + n + 2 * l).fma(hk, n2);
            n3 = FloatVector.fromArray(s, u, row + n + 3 * l).fma(hk, n3);
        }
        z0.intoArray(gates, a);
        z1.intoArray(gates, a + l);
        z2.intoArray(gates, a + 2 * l);
        z3.intoArray(gates, a + 3 * l);
        r0.intoArray(gates, a + r);
        r1.intoArray(gates, a + r + l);
        r2.intoArray(gates, a + r + 2 * l);
        r3.intoArray(gates, a + r + 3 * l);
        n0.intoArray(gates, a + n);
        n1.intoArray(gates, a + n + l);
        n2.intoArray(gates, a + n + 2 * l);
        n3.intoArray(gates, a + n + 3 * l);
    }

    /** {@link #gruGates4} for two groups. */
    private void gruGates2(float[] p, int pAt, float[] u, float[] rb, int rbAt, int a, int units, int stride,
            float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int r = stride, n = 2 * stride;
        FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
        FloatVector z1 = FloatVector.fromArray(s, p, pAt + l).add(FloatVector.fromArray(s, rb, rbAt + l));
        FloatVector r0 = FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
        FloatVector r1 = FloatVector.fromArray(s, p, pAt + r + l).add(FloatVector.fromArray(s, rb, rbAt + r + l));
        FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n), n1 = FloatVector.fromArray(s, rb, rbAt + n + l);
        int width = 3 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
            z1 = FloatVector.fromArray(s, u, row + l).fma(hk, z1);
            r0 = FloatVector.fromArray(s, u, row + r).fma(hk, r0);
            r1 = FloatVector.fromArray(s, u, row + r + l).fma(hk, r1);
            n0 = FloatVector.fromArray(s, u, row + n).fma(hk, n0);
            n1 = FloatVector.fromArray(s, u, row + n + l).fma(hk, n1);
        }
        z0.intoArray(gates, a);
        z1.intoArray(gates, a + l);
        r0.intoArray(gates, a + r);
        r1.intoArray(gates, a + r + l);
        n0.intoArray(gates, a + n);
        n1.intoArray(gates, a + n + l);
    }

    /** {@link #gruGates4} for one group. */
    private void gruGates1(float[] p, int pAt, float[] u, float[] rb, int rbAt, int a, int units, int stride,
            float[] h, float[] gates) {
        VectorSpecies<Float> s = species();
        int r = stride, n = 2 * stride;
        FloatVector z0 = FloatVector.fromArray(s, p, pAt).add(FloatVector.fromArray(s, rb, rbAt));
        FloatVector r0 = FloatVector.fromArray(s, p, pAt + r).add(FloatVector.fromArray(s, rb, rbAt + r));
        FloatVector n0 = FloatVector.fromArray(s, rb, rbAt + n);
        int width = 3 * stride;
        for (int k = 0, row = a; k < units; k++, row += width) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            z0 = FloatVector.fromArray(s, u, row).fma(hk, z0);
            r0 = FloatVector.fromArray(s, u, row + r).fma(hk, r0);
            n0 = FloatVector.fromArray(s, u, row + n).fma(hk, n0);
        }
        z0.intoArray(gates, a);
        r0.intoArray(gates, a + r);
        n0.intoArray(gates, a + n);
    }

    /** The candidate's pre-activation {@code mx_h + r * (h·U_h + b_rec,h)}, into the reset gate's block. */
    private void candidateInput(float[] mx, int mxAt, float[] gates, int stride, int used) {
        VectorSpecies<Float> s = species();
        for (int j = 0; j < used; j += s.length()) {
            FloatVector r = FloatVector.fromArray(s, gates, j + stride);
            FloatVector n = FloatVector.fromArray(s, gates, j + 2 * stride);
            r.fma(n, FloatVector.fromArray(s, mx, mxAt + j)).intoArray(gates, j + stride);
        }
    }

    /**
     * {@code h = z * h + (1 - z) * hh}, as {@code hh + z * (h - hh)}, with {@code hh} in the reset
     * gate's block; masked at {@code units}.
     */
    private void blend(float[] gates, int stride, float[] h, int units) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int j = 0;
        for (; j <= units - l; j += l) {
            FloatVector hh = FloatVector.fromArray(s, gates, j + stride);
            FloatVector.fromArray(s, gates, j).fma(FloatVector.fromArray(s, h, j).sub(hh), hh).intoArray(h, j);
        }
        if (j < units) {
            var m = s.indexInRange(j, units);
            FloatVector hh = FloatVector.fromArray(s, gates, j + stride);
            FloatVector.fromArray(s, gates, j).fma(FloatVector.fromArray(s, h, j, m).sub(hh), hh).intoArray(h, j, m);
        }
    }

    /** {@link FloatKernels#simpleRnnStep}. */
    void simpleRnn(float[] projection, int pOff, float[] u, int units, int stride, float[] h, float[] scratch,
            Activation act) {
        int l = species().length();
        if (act != Activation.TANH || stride % l != 0 || units > stride) {
            ComposedSteps.simpleRnn(kernels, projection, pOff, u, units, stride, h, scratch, act);
            return;
        }
        for (int a = 0; a < units; a += 2 * l) {
            rnnSums2(projection, pOff + a, u, a, units, stride, h, scratch);
        }
        tanh(scratch, 0, (units + l - 1) / l * l);
        System.arraycopy(scratch, 0, h, 0, units);
    }

    /**
     * {@code out = projection + h·U} for groups {@code a} and {@code a + lanes}; with one group left,
     * the second accumulators repeat the first (smaller code than a one-group copy). Two
     * accumulators would leave the FMA latency exposed, so the sum over {@code k} is split four
     * ways and added up at the end.
     */
    private void rnnSums2(float[] p, int pAt, float[] u, int a, int units, int stride, float[] h, float[] out) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int b = a + l < units ? a + l : a;
        FloatVector zero = FloatVector.zero(s);
        FloatVector a0 = FloatVector.fromArray(s, p, pAt), a1 = zero, a2 = zero, a3 = zero;
        FloatVector b0 = FloatVector.fromArray(s, p, pAt + b - a), b1 = zero, b2 = zero, b3 = zero;
        int k = 0;
        int ra = a, rb = b;
        for (; k + 4 <= units; k += 4, ra += 4 * stride, rb += 4 * stride) {
            FloatVector h0 = FloatVector.broadcast(s, h[k]);
            FloatVector h1 = FloatVector.broadcast(s, h[k + 1]);
            FloatVector h2 = FloatVector.broadcast(s, h[k + 2]);
            FloatVector h3 = FloatVector.broadcast(s, h[k + 3]);
            a0 = FloatVector.fromArray(s, u, ra).fma(h0, a0);
            b0 = FloatVector.fromArray(s, u, rb).fma(h0, b0);
            a1 = FloatVector.fromArray(s, u, ra + stride).fma(h1, a1);
            b1 = FloatVector.fromArray(s, u, rb + stride).fma(h1, b1);
            a2 = FloatVector.fromArray(s, u, ra + 2 * stride).fma(h2, a2);
            b2 = FloatVector.fromArray(s, u, rb + 2 * stride).fma(h2, b2);
            a3 = FloatVector.fromArray(s, u, ra + 3 * stride).fma(h3, a3);
            b3 = FloatVector.fromArray(s, u, rb + 3 * stride).fma(h3, b3);
        }
        for (; k < units; k++, ra += stride, rb += stride) {
            FloatVector hk = FloatVector.broadcast(s, h[k]);
            a0 = FloatVector.fromArray(s, u, ra).fma(hk, a0);
            b0 = FloatVector.fromArray(s, u, rb).fma(hk, b0);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(out, a);
        b0.add(b1).add(b2.add(b3)).intoArray(out, b);
    }

    /** {@code a[from .. to) = sigmoid(...)} in place, whole vectors. */
    private void sigmoid(float[] a, int from, int to) {
        VectorSpecies<Float> s = species();
        for (int j = from; j < to; j += s.length()) {
            VectorMath.fastSigmoid(FloatVector.fromArray(s, a, j)).intoArray(a, j);
        }
    }

    /** {@code a[from .. to) = tanh(...)} in place, whole vectors. */
    private void tanh(float[] a, int from, int to) {
        VectorSpecies<Float> s = species();
        for (int j = from; j < to; j += s.length()) {
            VectorMath.fastTanh(FloatVector.fromArray(s, a, j)).intoArray(a, j);
        }
    }
}
