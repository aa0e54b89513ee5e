package dev.rnnc.runtime.simd;

import dev.rnnc.testing.Allocations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training activations whose loops call {@code VectorMath}'s vector exp or expm1 allocate
 * nothing once warm. Vectors that cross a call C2 does not inline are boxed: this test first failed
 * for ELU at 192 bytes a call, the tail's last vector held across the call into the activation's
 * loop (the tail now goes element by element); and softplus through a vector log1p as well, a
 * second helper in one loop past C2's node budget, allocated 12 bytes an element (softplus stays
 * element by element).
 */
class RepeatableActivationsAllocationTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Activation.class,
      names = {"GELU", "SWISH", "ELU", "SELU", "SOFTPLUS"})
  void allocatesNothingOnceWarm(Activation act) {
    FloatKernels k = Kernels.INSTANCE;
    float[] values = new float[1003]; // whole vectors and a tail
    for (int i = 0; i < values.length; i++) {
      values[i] = -6f + 12f * i / values.length;
    }
    float[] work = values.clone();
    Allocations.assertAllocatesNothing(
        () -> {
          System.arraycopy(values, 0, work, 0, values.length);
          k.activateRepeatably(act, work, 0, work.length);
        },
        "activateRepeatably(" + act + ")");
  }
}
