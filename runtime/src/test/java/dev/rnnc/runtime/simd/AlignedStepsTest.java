package dev.rnnc.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rnnc.runtime.Initializer;
import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.Variable;
import dev.rnnc.runtime.nn.Cells;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSTM and GRU steps over an aligned copy of a recurrent kernel ({@link AlignedLstmStep},
 * {@link AlignedGruStep}): in panels, for layers of whole 64-unit panels at 512 bits, bit-identical
 * to the shared panel kernel; row-major, for layers of one or two vectors of units, bit-identical
 * to the sized step over the heap array. Each on the variable's storage, step after step; following
 * the variable when it is set; and on any other array, the step over that array.
 */
class AlignedStepsTest {
  private static final VectorKernels VECTOR = VectorKernels.of(512);
  private static final int STEPS = 5;

  private static Variable recurrentKernel(int units, Random rnd) {
    return recurrentKernel(units, rnd, 0, 1, 3, 2);
  }

  /** A recurrent kernel of {@code order.length} gate blocks in panels, random values. */
  private static Variable recurrentKernel(int units, Random rnd, int... order) {
    int blocks = order.length;
    Variable v =
        new Variable(
            "recurrent_kernel",
            PackedLayout.recurrentPanels(units, units, order),
            new float[units * blocks * PackedLayout.padded(units)],
            Initializer.orthogonal());
    v.set(values(rnd, units * blocks * units, 1 / Math.sqrt(units)));
    return v;
  }

  /** A row-major recurrent kernel of {@code blocks} gate blocks, random values. */
  private static Variable rowMajorKernel(int units, int blocks, Random rnd) {
    Variable v =
        new Variable(
            "recurrent_kernel",
            PackedLayout.matrix(units, units, PackedLayout.identity(blocks)),
            new float[units * blocks * PackedLayout.padded(units)],
            Initializer.orthogonal());
    v.set(values(rnd, units * blocks * units, 1 / Math.sqrt(units)));
    return v;
  }

  private static float[] values(Random rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  /** {@code h} after {@value #STEPS} steps from zero states, over {@code u}. */
  private static float[] run(LstmStep step, float[] u, float[] projection, int units) {
    float[] c = new float[units], h = new float[units], scratch = new float[4 * units];
    for (int t = 0; t < STEPS; t++) {
      step.step(projection, t * 4 * units, u, scratch, c, h);
    }
    float[] both = new float[2 * units];
    System.arraycopy(h, 0, both, 0, units);
    System.arraycopy(c, 0, both, units, units);
    return both;
  }

  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {64, 128, 192})
  void bitIdenticalToTheSharedKernelAndFollowsTheVariable(int units) {
    Random rnd = new Random(units);
    Variable u = recurrentKernel(units, rnd);
    float[] projection = values(rnd, STEPS * 4 * units, 2);
    LstmStep aligned =
        VECTOR.alignedLstmStepPanels(u, units, units, Activation.TANH, Activation.SIGMOID);
    assertInstanceOf(AlignedLstmStep.class, aligned);
    LstmStep shared = VECTOR.lstmStepPanels(units, units, Activation.TANH, Activation.SIGMOID);
    assertFollowsTheVariable(
        k -> run(shared, k, projection, units),
        k -> run(aligned, k, projection, units),
        u,
        rnd,
        units,
        4);
  }

  /**
   * The aligned step's result ({@code aligned}, over a kernel) equals the reference's on the
   * variable's storage, again after the variable is set to new values (which change the result),
   * and on another array than the variable's.
   */
  private static void assertFollowsTheVariable(
      Function<float[], float[]> reference,
      Function<float[], float[]> aligned,
      Variable u,
      Random rnd,
      int units,
      int blocks) {
    float[] expected = reference.apply(u.storage());
    assertArrayEquals(expected, aligned.apply(u.storage()), "on the variable's storage");

    u.set(values(rnd, units * blocks * units, 1 / Math.sqrt(units)));
    float[] afterSet = reference.apply(u.storage());
    assertFalse(Arrays.equals(expected, afterSet), "the new kernel changed nothing");
    assertArrayEquals(afterSet, aligned.apply(u.storage()), "after set");

    float[] other = values(rnd, u.storage().length, 1 / Math.sqrt(units));
    assertArrayEquals(
        reference.apply(other), aligned.apply(other), "another array than the variable's");
  }

  /** {@code h} after {@value #STEPS} GRU steps from a zero state, over {@code u}. */
  private static float[] runGru(
      GruStep step, float[] u, float[] projection, float[] bias, int units) {
    float[] h = new float[units], scratch = new float[3 * units];
    for (int t = 0; t < STEPS; t++) {
      step.step(projection, t * 3 * units, u, bias, 3 * units, scratch, h);
    }
    return h;
  }

  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {64, 128, 256})
  void gruBitIdenticalToTheSharedKernelAndFollowsTheVariable(int units) {
    Random rnd = new Random(units + 1);
    Variable u = recurrentKernel(units, rnd, 0, 1, 2);
    float[] projection = values(rnd, STEPS * 3 * units, 2);
    float[] bias = values(rnd, 6 * units, 0.5); // input bias row, then the recurrent bias row
    GruStep aligned =
        VECTOR.alignedGruStepPanels(u, units, units, Activation.TANH, Activation.SIGMOID, true);
    assertInstanceOf(AlignedGruStep.class, aligned);
    GruStep shared = VECTOR.gruStepPanels(units, units, Activation.TANH, Activation.SIGMOID);
    assertFollowsTheVariable(
        k -> runGru(shared, k, projection, bias, units),
        k -> runGru(aligned, k, projection, bias, units),
        u,
        rnd,
        units,
        3);
    assertNull(
        VECTOR.alignedGruStepPanels(u, units, units, Activation.TANH, Activation.SIGMOID, false),
        "without a recurrent bias");
  }

  /** Small layers, row-major: one and two vectors of units, at 512 and 256 bits. */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @CsvSource({"512, 16", "512, 32", "256, 8", "256, 16"})
  void smallLayersBitIdenticalToTheSizedStepAndFollowTheVariable(int bits, int units) {
    VectorKernels vector = VectorKernels.of(bits);
    Random rnd = new Random(units + bits);
    Variable u = rowMajorKernel(units, 4, rnd);
    float[] projection = values(rnd, STEPS * 4 * units, 2);
    LstmStep aligned = vector.alignedLstmStep(u, units, units, Activation.TANH, Activation.SIGMOID);
    assertInstanceOf(AlignedLstmStep.class, aligned);
    LstmStep sized = vector.lstmStep(units, units, Activation.TANH, Activation.SIGMOID);
    assertFollowsTheVariable(
        k -> run(sized, k, projection, units),
        k -> run(aligned, k, projection, units),
        u,
        rnd,
        units,
        4);
  }

  /**
   * Small GRU layers, row-major, as {@link
   * #smallLayersBitIdenticalToTheSizedStepAndFollowTheVariable}.
   */
  @ParameterizedTest(name = "{0} bits, units {1}")
  @CsvSource({"512, 16", "512, 32", "256, 8", "256, 16"})
  void smallGruLayersBitIdenticalToTheSizedStepAndFollowTheVariable(int bits, int units) {
    VectorKernels vector = VectorKernels.of(bits);
    Random rnd = new Random(units + bits + 1);
    Variable u = rowMajorKernel(units, 3, rnd);
    float[] projection = values(rnd, STEPS * 3 * units, 2);
    float[] bias = values(rnd, 6 * units, 0.5);
    GruStep aligned =
        vector.alignedGruStep(u, units, units, Activation.TANH, Activation.SIGMOID, true);
    assertInstanceOf(AlignedGruStep.class, aligned);
    GruStep sized = vector.gruStep(units, units, Activation.TANH, Activation.SIGMOID, true);
    assertFollowsTheVariable(
        k -> runGru(sized, k, projection, bias, units),
        k -> runGru(aligned, k, projection, bias, units),
        u,
        rnd,
        units,
        3);
    assertNull(
        vector.alignedGruStep(u, units, units, Activation.TANH, Activation.SIGMOID, false),
        "without a recurrent bias");
  }

  /** Layers the sized steps do not serve (units not one or two whole vectors) keep the array. */
  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {10, 24, 48})
  void otherRowMajorSizesAreNotAligned(int units) {
    Variable u = rowMajorKernel(units, 4, new Random(units));
    int stride = PackedLayout.padded(units);
    assertNull(VECTOR.alignedLstmStep(u, units, stride, Activation.TANH, Activation.SIGMOID));
  }

  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {32, 72, 100})
  void onlyWholePanelsAreAligned(int units) {
    Variable u = recurrentKernel(units, new Random(units));
    int stride = PackedLayout.padded(units);
    assertNull(VECTOR.alignedLstmStepPanels(u, units, stride, Activation.TANH, Activation.SIGMOID));
  }

  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {128})
  void otherActivationsAndNarrowerVectorsAreNotAligned(int units) {
    Variable u = recurrentKernel(units, new Random(units));
    assertNull(VECTOR.alignedLstmStepPanels(u, units, units, Activation.RELU, Activation.SIGMOID));
    assertNull(
        VectorKernels.of(256)
            .alignedLstmStepPanels(u, units, units, Activation.TANH, Activation.SIGMOID));
  }

  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {128})
  void modelStepFindsTheVariableByItsStorageOrReadsTheArray(int units) {
    Variable u = recurrentKernel(units, new Random(units));
    List<Layer> layers = List.of(new Layer("lstm", "LSTM", List.of(u)));
    assumeTrue(
        Kernels.INSTANCE instanceof VectorKernels v
            && v.alignedLstmStepPanels(u, units, units, Activation.TANH, Activation.SIGMOID)
                != null,
        "this machine's kernels do not align a layer in panels (512-bit vectors)");
    assertInstanceOf(
        AlignedLstmStep.class,
        Cells.lstmPanelsStep(
            layers, u.storage(), units, units, Activation.TANH, Activation.SIGMOID));
    // an array no variable holds: a step over the array itself, which no version could follow
    LstmStep unknown =
        Cells.lstmPanelsStep(
            layers, new float[u.size()], units, units, Activation.TANH, Activation.SIGMOID);
    assertNotNull(unknown);
    assertFalse(unknown instanceof AlignedLstmStep);
  }

  /** The model's steps of small layers, as generated code makes them: aligned where covered. */
  @ParameterizedTest(name = "units {0}")
  @ValueSource(ints = {16, 32})
  void smallLayersModelStepsFindTheVariableByItsStorageOrReadTheArray(int units) {
    Variable lstm = rowMajorKernel(units, 4, new Random(units));
    Variable gru = rowMajorKernel(units, 3, new Random(units + 1));
    List<Layer> layers =
        List.of(new Layer("lstm", "LSTM", List.of(lstm)), new Layer("gru", "GRU", List.of(gru)));
    assumeTrue(
        Kernels.INSTANCE instanceof VectorKernels v
            && v.alignedLstmStep(lstm, units, units, Activation.TANH, Activation.SIGMOID) != null,
        "this machine's kernels do not specialise a layer of " + units + " units");
    assertInstanceOf(
        AlignedLstmStep.class,
        Cells.lstmStep(layers, lstm.storage(), units, units, Activation.TANH, Activation.SIGMOID));
    assertInstanceOf(
        AlignedGruStep.class,
        Cells.gruStep(
            layers, gru.storage(), units, units, Activation.TANH, Activation.SIGMOID, true));
    LstmStep unknown =
        Cells.lstmStep(
            layers, new float[lstm.size()], units, units, Activation.TANH, Activation.SIGMOID);
    assertNotNull(unknown);
    assertFalse(unknown instanceof AlignedLstmStep);
  }
}
