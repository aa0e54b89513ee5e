package dev.rnnc.runtime.simd;

/**
 * The test tree's erf, shared by the double-precision references (see {@link ReferenceRnn#erf}).
 */
public final class ReferenceErf {
  private ReferenceErf() {}

  /**
   * erf(x) to about 1e-14.
   *
   * @param x any value
   * @return erf(x)
   */
  public static double erf(double x) {
    return ReferenceRnn.erf(x);
  }
}
