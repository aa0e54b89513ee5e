package dev.rnnc.runtime.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hands C2 the species as a constant. Vector API calls compile to vector instructions only when the
 * species is a JIT-time constant, and a final instance field is not one: keeping the species in a
 * field made {@link VectorKernels#mulAdd} about 7x slower. An abstract method with a single loaded
 * implementation is: class-hierarchy analysis inlines it to a static final species. A process
 * normally loads one subclass; where several are loaded (as in the tests) C2 falls back on the
 * call-site profile, still correct but possibly slower. {@link #of} takes the instances from static
 * fields typed {@code Lanes}: {@code new LanesNNN()} there would make the verifier load all three
 * subclasses, defeating the analysis.
 *
 * <p>Kernels call {@code lanes.species()} directly, never through a wrapper method of their own.
 * Once a compilation has grown past C2's node budget ({@code NodeCountInliningCutoff}), C2 inlines
 * only trivial methods (at most {@code MaxTrivialSize}, 6 bytes of bytecode) and accessors: each
 * {@code species()} here (4 bytes) still is, a wrapper {@code return lanes.species();} (8 bytes) is
 * not. Left as a call, the species is no longer a constant in the rest of that compilation, and
 * every Vector API operation there falls back to Java code that allocates: seen as 8,448 B per call
 * of a graph model in about half the runs of the examples' test JVM, from {@code mulAddBlock4}
 * inlined into {@code mulAddFrom} (JFR allocation samples, through {@code
 * Allocations.assertAllocatesNothing}).
 */
abstract sealed class Lanes permits Lanes.Lanes128, Lanes.Lanes256, Lanes.Lanes512 {
  abstract VectorSpecies<Float> species();

  /**
   * The lanes of a vector size.
   *
   * @throws IllegalArgumentException for a size other than 128, 256 or 512 bits
   */
  static Lanes of(int bits) {
    return switch (bits) {
      case 128 -> Lanes128.INSTANCE;
      case 256 -> Lanes256.INSTANCE;
      case 512 -> Lanes512.INSTANCE;
      default ->
          throw new IllegalArgumentException(
              "unsupported vector size " + bits + " bits (want 128, 256 or 512)");
    };
  }

  static final class Lanes128 extends Lanes {
    static final Lanes INSTANCE = new Lanes128();

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_128;
    }
  }

  static final class Lanes256 extends Lanes {
    static final Lanes INSTANCE = new Lanes256();

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_256;
    }
  }

  static final class Lanes512 extends Lanes {
    static final Lanes INSTANCE = new Lanes512();

    @Override
    VectorSpecies<Float> species() {
      return FloatVector.SPECIES_512;
    }
  }
}
