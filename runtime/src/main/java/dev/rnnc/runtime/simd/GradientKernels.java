package dev.rnnc.runtime.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The process-wide {@link FloatGradientKernels}, chosen once like {@link Kernels#INSTANCE} and from
 * the same system property ({@value Kernels#PROPERTY}): {@code 0} or a JVM without {@code
 * jdk.incubator.vector} selects {@link ScalarGradientKernels}; {@code 128}, {@code 256} or {@code
 * 512} that vector size; unset or anything else the CPU's preferred size. {@link Kernels} has
 * already printed any warning about the property, so this class prints none.
 */
public final class GradientKernels {
  /** The kernels backward passes use. */
  public static final FloatGradientKernels INSTANCE =
      choose(
          System.getProperty(Kernels.PROPERTY),
          ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());

  private GradientKernels() {}

  /**
   * Picks the kernels for a property value, with {@link Kernels}' rules; package-private for tests.
   *
   * @param property the value of {@value Kernels#PROPERTY}, or null if unset
   * @param vectorModule whether {@code jdk.incubator.vector} can be used
   */
  static FloatGradientKernels choose(String property, boolean vectorModule) {
    String value = property == null ? "" : property.strip();
    if (value.equals("0") || !vectorModule) {
      return new ScalarGradientKernels();
    }
    return Simd.choose(
        value); // a separate class, so that this one does not link against the Vector API
  }

  private static final class Simd {
    static FloatGradientKernels choose(String value) {
      int preferred =
          Math.min(512, Integer.highestOneBit(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
      if (preferred < 128) {
        return new ScalarGradientKernels();
      }
      int bits =
          switch (value) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> preferred;
          };
      return VectorGradientKernels.of(bits);
    }
  }
}
