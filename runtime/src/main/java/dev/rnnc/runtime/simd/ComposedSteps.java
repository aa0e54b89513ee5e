package dev.rnnc.runtime.simd;

import java.util.Arrays;

/**
 * The recurrent steps of {@link FloatKernels} written as a sequence of its smaller kernels: the
 * definition the scalar kernels use, and the path vector kernels take for activations and layouts
 * their fused code does not cover. Kept apart so that both implementations share one copy.
 */
final class ComposedSteps {
    private ComposedSteps() {
    }

    static void lstm(FloatKernels k, float[] projection, int pOff, float[] u, int units, int stride, float[] c,
            float[] h, float[] gates, Activation act, Activation recAct) {
        int width = 4 * stride;
        System.arraycopy(projection, pOff, gates, 0, width);
        k.mulAdd(h, 0, units, u, 0, width, width, gates, 0);
        k.activate(recAct, gates, 0, 3 * stride);
        k.activate(act, gates, 3 * stride, units);
        k.lstmCell(gates, 0, stride, c, h, units, act);
    }

    static void gru(FloatKernels k, float[] projection, int pOff, float[] u, float[] recurrentBias, int rbOff,
            int units, int stride, float[] h, float[] gates, Activation act, Activation recAct) {
        int width = 3 * stride;
        if (recurrentBias == null) {
            Arrays.fill(gates, 0, width, 0f);
        } else {
            System.arraycopy(recurrentBias, rbOff, gates, 0, width);
        }
        k.mulAdd(h, 0, units, u, 0, width, width, gates, 0);
        k.gruResetAfter(projection, pOff, gates, 0, stride, h, units, act, recAct);
    }

    static void simpleRnn(FloatKernels k, float[] projection, int pOff, float[] u, int units, int stride, float[] h,
            float[] scratch, Activation act) {
        System.arraycopy(projection, pOff, scratch, 0, units);
        k.mulAdd(h, 0, units, u, 0, stride, units, scratch, 0);
        k.activate(act, scratch, 0, units);
        System.arraycopy(scratch, 0, h, 0, units);
    }
}
