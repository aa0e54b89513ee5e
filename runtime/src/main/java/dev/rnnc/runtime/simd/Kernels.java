package dev.rnnc.runtime.simd;

import dev.rnnc.runtime.Variable;
import jdk.incubator.vector.FloatVector;

/**
 * The process-wide {@link FloatKernels}, chosen once at class initialization, and static shortcuts
 * to it for generated code. {@link #INSTANCE} is a static final, so the JIT knows its class and
 * calls through these shortcuts cost nothing.
 *
 * <p>The choice follows the system property {@value #PROPERTY}: {@code 0} selects {@link
 * ScalarKernels}; {@code 128}, {@code 256} or {@code 512} select {@link VectorKernels} of that
 * size; unset selects the CPU's preferred vector size. Any other value falls back to the preferred
 * size with a one-line warning on stderr. If the {@code jdk.incubator.vector} module is not in the
 * boot layer (the JVM was started without {@code --add-modules jdk.incubator.vector}), the scalar
 * kernels are used, again with a one-line note on stderr.
 */
public final class Kernels {
  /** The system property that selects the vector size in bits; {@code 0} means scalar. */
  public static final String PROPERTY = "rnnc.vectorBitSize";

  /** The kernels every shortcut here delegates to. */
  public static final FloatKernels INSTANCE =
      choose(
          System.getProperty(PROPERTY),
          ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());

  private Kernels() {}

  /**
   * Picks the kernels for a property value; package-private for tests.
   *
   * @param property the value of {@value #PROPERTY}, or null if unset
   * @param vectorModule whether {@code jdk.incubator.vector} can be used
   */
  static FloatKernels choose(String property, boolean vectorModule) {
    String value = property == null ? "" : property.strip();
    if (value.equals("0")) {
      return new ScalarKernels();
    }
    if (!vectorModule) {
      System.err.println(
          "rnnc: using scalar kernels; pass --add-modules jdk.incubator.vector to enable SIMD");
      return new ScalarKernels();
    }
    // Only now is it safe to load Vector API classes; Simd is a separate class so that this
    // method's class does not link against them.
    return Simd.choose(value);
  }

  private static final class Simd {
    static FloatKernels choose(String value) {
      // The widest size VectorKernels offers within the CPU's (512 for a 2048-bit SVE).
      int preferred =
          Math.min(512, Integer.highestOneBit(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
      if (preferred < 128) {
        return new ScalarKernels();
      }
      int bits =
          switch (value) {
            case "" -> preferred;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> {
              System.err.println(
                  "rnnc: ignoring "
                      + PROPERTY
                      + "="
                      + value
                      + " (want 0, 128, 256 or 512); using "
                      + preferred
                      + "-bit vectors");
              yield preferred;
            }
          };
      if (bits > preferred) {
        System.err.println(
            "rnnc: "
                + PROPERTY
                + "="
                + bits
                + " exceeds this CPU's "
                + preferred
                + "-bit vectors; the Vector API will emulate them slowly");
      }
      return VectorKernels.of(bits);
    }
  }

  /**
   * The {@link FloatKernels#description()} of {@link #INSTANCE}.
   *
   * @return e.g. {@code "Vector API, 512-bit (16 floats)"} or {@code "scalar"}
   */
  public static String description() {
    return INSTANCE.description();
  }

  /**
   * See {@link FloatKernels#mulAdd}.
   *
   * @param x the input vector
   * @param xOff offset of the first input
   * @param n the input length
   * @param w the row-major weights
   * @param wOff offset of the first weight
   * @param wStride distance between weight rows
   * @param width the number of output columns
   * @param y the accumulator
   * @param yOff offset of the first output
   */
  public static void mulAdd(
      float[] x,
      int xOff,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] y,
      int yOff) {
    INSTANCE.mulAdd(x, xOff, n, w, wOff, wStride, width, y, yOff);
  }

  /**
   * See {@link FloatKernels#matmul}.
   *
   * @param x the input rows
   * @param xOff offset of the first input of row 0
   * @param xStride distance between input rows
   * @param rows the number of rows
   * @param n the input length per row
   * @param w the row-major weights
   * @param wOff offset of the first weight
   * @param wStride distance between weight rows
   * @param width the number of output columns
   * @param bias the bias, or null
   * @param biasOff offset of the first bias
   * @param y the output rows
   * @param yOff offset of the first output of row 0
   * @param yStride distance between output rows
   */
  public static void matmul(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] w,
      int wOff,
      int wStride,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    INSTANCE.matmul(
        x, xOff, xStride, rows, n, w, wOff, wStride, width, bias, biasOff, y, yOff, yStride);
  }

  /**
   * See {@link FloatKernels#matmulColumn}.
   *
   * @param x the input rows
   * @param xOff offset of the first input of row 0
   * @param xStride distance between input rows
   * @param rows the number of rows
   * @param n the input length per row
   * @param column the weights' one column, contiguous
   * @param columnOff offset of the first weight
   * @param width the output row's packed width, at least 16
   * @param bias the bias, or null
   * @param biasOff offset of the bias
   * @param y the output rows
   * @param yOff offset of the first output of row 0
   * @param yStride distance between output rows
   */
  public static void matmulColumn(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      int n,
      float[] column,
      int columnOff,
      int width,
      float[] bias,
      int biasOff,
      float[] y,
      int yOff,
      int yStride) {
    INSTANCE.matmulColumn(
        x, xOff, xStride, rows, n, column, columnOff, width, bias, biasOff, y, yOff, yStride);
  }

  /**
   * See {@link FloatKernels#activate}.
   *
   * @param act the activation
   * @param a the values, changed in place
   * @param off offset of the first value
   * @param len the number of values
   */
  public static void activate(Activation act, float[] a, int off, int len) {
    INSTANCE.activate(act, a, off, len);
  }

  /**
   * See {@link FloatKernels#activateRepeatably}: the training passes' activations.
   *
   * @param act the activation
   * @param a the values, changed in place
   * @param off offset of the first value
   * @param len the number of values
   */
  public static void activateRepeatably(Activation act, float[] a, int off, int len) {
    INSTANCE.activateRepeatably(act, a, off, len);
  }

  /**
   * See {@link FloatKernels#softmax}.
   *
   * @param a the values, changed in place
   * @param off offset of the first value
   * @param len the number of values
   */
  public static void softmax(float[] a, int off, int len) {
    INSTANCE.softmax(a, off, len);
  }

  /**
   * See {@link FloatKernels#softmaxRepeatably}: a training pass's softmax.
   *
   * @param a the values
   * @param off offset of the first value
   * @param len the number of values
   */
  public static void softmaxRepeatably(float[] a, int off, int len) {
    INSTANCE.softmaxRepeatably(a, off, len);
  }

  /**
   * See {@link FloatKernels#lstmCell}.
   *
   * @param gates the activated gates, blocks i, f, o, g
   * @param gOff offset of the input gate block
   * @param stride distance between gate blocks
   * @param c the cell state, updated in place
   * @param h the hidden state, written
   * @param len the number of units
   * @param act the cell activation
   */
  public static void lstmCell(
      float[] gates, int gOff, int stride, float[] c, float[] h, int len, Activation act) {
    INSTANCE.lstmCell(gates, gOff, stride, c, h, len, act);
  }

  /**
   * See {@link FloatKernels#gruResetAfter}.
   *
   * @param mx the input projection, blocks z, r, hh
   * @param mxOff offset of its update block
   * @param mh the recurrent projection, blocks z, r, hh
   * @param mhOff offset of its update block
   * @param stride distance between blocks
   * @param h the hidden state, updated in place
   * @param len the number of units
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  public static void gruResetAfter(
      float[] mx,
      int mxOff,
      float[] mh,
      int mhOff,
      int stride,
      float[] h,
      int len,
      Activation act,
      Activation recAct) {
    INSTANCE.gruResetAfter(mx, mxOff, mh, mhOff, stride, h, len, act, recAct);
  }

  /**
   * See {@link FloatKernels#lstmStep}.
   *
   * @param projection the input projection
   * @param pOff offset of its input gate block
   * @param recurrentKernel the recurrent kernel
   * @param units the number of units
   * @param stride floats per gate block
   * @param c the cell state
   * @param h the hidden state
   * @param scratch at least {@code 4·stride} floats
   * @param act the cell activation
   * @param recAct the gate activation
   */
  public static void lstmStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.lstmStep(projection, pOff, recurrentKernel, units, stride, c, h, scratch, act, recAct);
  }

  /**
   * See {@link FloatKernels#lstmStepPanels}.
   *
   * @param projection the input projection
   * @param pOff offset of its input gate block
   * @param recurrentPanels the recurrent kernel in panel layout
   * @param units the number of units
   * @param stride floats per gate block
   * @param c the cell state
   * @param h the hidden state
   * @param scratch at least {@code 4·stride} floats
   * @param act the cell activation
   * @param recAct the gate activation
   */
  public static void lstmStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.lstmStepPanels(
        projection, pOff, recurrentPanels, units, stride, c, h, scratch, act, recAct);
  }

  /**
   * See {@link FloatKernels#gruStepPanels}.
   *
   * @param projection the input projection
   * @param pOff offset of its update block
   * @param recurrentPanels the recurrent kernel in panel layout
   * @param recurrentBias the recurrent bias, or null
   * @param rbOff offset of the recurrent bias
   * @param units the number of units
   * @param stride floats per gate block
   * @param h the hidden state
   * @param scratch at least {@code 3·stride} floats
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  public static void gruStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.gruStepPanels(
        projection,
        pOff,
        recurrentPanels,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#lstmSteps}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param pOff offset of sequence 0's input gate block
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel the recurrent kernel
   * @param units the number of units
   * @param stride floats per gate block
   * @param c the cell states
   * @param h the hidden states
   * @param sStride distance between the sequences' states
   * @param scratch at least {@code batch·4·stride} floats
   * @param act the cell activation
   * @param recAct the gate activation
   */
  public static void lstmSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.lstmSteps(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#lstmStepsPanels}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param pOff offset of sequence 0's input gate block
   * @param pStride distance between the sequences' projections
   * @param recurrentPanels the recurrent kernel in panels
   * @param units the number of units
   * @param stride floats per gate block
   * @param c the cell states
   * @param h the hidden states
   * @param sStride distance between the sequences' states
   * @param scratch at least {@code batch·4·stride} floats
   * @param act the cell activation
   * @param recAct the gate activation
   */
  public static void lstmStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.lstmStepsPanels(
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        units,
        stride,
        c,
        h,
        sStride,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#gruStep}.
   *
   * @param projection the input projection
   * @param pOff offset of its update block
   * @param recurrentKernel the recurrent kernel
   * @param recurrentBias the recurrent bias, or null
   * @param rbOff offset of the recurrent bias
   * @param units the number of units
   * @param stride floats per gate block
   * @param h the hidden state
   * @param scratch at least {@code 3·stride} floats
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  public static void gruStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.gruStep(
        projection,
        pOff,
        recurrentKernel,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#gruSteps}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param pOff offset of sequence 0's update block
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel the recurrent kernel
   * @param recurrentBias the recurrent bias, or null
   * @param rbOff offset of the recurrent bias
   * @param units the number of units
   * @param stride floats per gate block
   * @param h the hidden states
   * @param sStride distance between the sequences' states
   * @param scratch at least {@code batch·3·stride} floats
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  public static void gruSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.gruSteps(
        batch,
        projection,
        pOff,
        pStride,
        recurrentKernel,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#gruStepsPanels}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param pOff offset of sequence 0's update block
   * @param pStride distance between the sequences' projections
   * @param recurrentPanels the recurrent kernel in panels
   * @param recurrentBias the recurrent bias, or null
   * @param rbOff offset of the recurrent bias
   * @param units the number of units
   * @param stride floats per gate block
   * @param h the hidden states
   * @param sStride distance between the sequences' states
   * @param scratch at least {@code batch·3·stride} floats
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  public static void gruStepsPanels(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentPanels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct) {
    INSTANCE.gruStepsPanels(
        batch,
        projection,
        pOff,
        pStride,
        recurrentPanels,
        recurrentBias,
        rbOff,
        units,
        stride,
        h,
        sStride,
        scratch,
        act,
        recAct);
  }

  /**
   * See {@link FloatKernels#simpleRnnStep}.
   *
   * @param projection the input projection
   * @param pOff offset of the timestep's first value
   * @param recurrentKernel the recurrent kernel
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param h the hidden state
   * @param scratch at least {@code stride} floats
   * @param act the activation
   */
  public static void simpleRnnStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act) {
    INSTANCE.simpleRnnStep(projection, pOff, recurrentKernel, units, stride, h, scratch, act);
  }

  /**
   * See {@link FloatKernels#gruStep(int, int, Activation, Activation, boolean)}.
   *
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the candidate activation
   * @param recAct the gate activation
   * @param withRecurrentBias whether the layer has a recurrent bias
   * @return the step for these sizes
   */
  public static GruStep gruStep(
      int units, int stride, Activation act, Activation recAct, boolean withRecurrentBias) {
    return INSTANCE.gruStep(units, stride, act, recAct, withRecurrentBias);
  }

  /**
   * See {@link FloatKernels#gruStep(int, int, Activation, Activation, boolean)}; where the vector
   * kernels specialise these sizes (with a recurrent bias), the step reads {@code
   * recurrentKernel}'s storage from a 64-byte aligned copy it keeps in step with the variable's
   * {@link Variable#version()}, as {@link #lstmStep(Variable, int, int, Activation, Activation)}.
   *
   * @param recurrentKernel the layer's recurrent kernel, row-major, or null: the step then reads
   *     the array it is given
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the candidate activation
   * @param recAct the gate activation
   * @param withRecurrentBias whether the layer has {@code b_rec}
   * @return the step for these sizes
   */
  public static GruStep gruStep(
      Variable recurrentKernel,
      int units,
      int stride,
      Activation act,
      Activation recAct,
      boolean withRecurrentBias) {
    GruStep aligned =
        INSTANCE instanceof VectorKernels vector && recurrentKernel != null
            ? vector.alignedGruStep(recurrentKernel, units, stride, act, recAct, withRecurrentBias)
            : null;
    return aligned != null
        ? aligned
        : INSTANCE.gruStep(units, stride, act, recAct, withRecurrentBias);
  }

  /**
   * See {@link FloatKernels#lstmStep(int, int, Activation, Activation)}.
   *
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the cell activation
   * @param recAct the gate activation
   * @return the step for these sizes
   */
  public static LstmStep lstmStep(int units, int stride, Activation act, Activation recAct) {
    return INSTANCE.lstmStep(units, stride, act, recAct);
  }

  /**
   * See {@link FloatKernels#lstmStep(int, int, Activation, Activation)}; where the vector kernels
   * specialise these sizes, the step reads {@code recurrentKernel}'s storage from a 64-byte aligned
   * copy it keeps in step with the variable's {@link Variable#version()}, as {@link
   * #lstmStepPanels(Variable, int, int, Activation, Activation)}.
   *
   * @param recurrentKernel the layer's recurrent kernel, row-major, or null: the step then reads
   *     the array it is given
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the cell activation
   * @param recAct the gate activation
   * @return the step for these sizes
   */
  public static LstmStep lstmStep(
      Variable recurrentKernel, int units, int stride, Activation act, Activation recAct) {
    LstmStep aligned =
        INSTANCE instanceof VectorKernels vector && recurrentKernel != null
            ? vector.alignedLstmStep(recurrentKernel, units, stride, act, recAct)
            : null;
    return aligned != null ? aligned : INSTANCE.lstmStep(units, stride, act, recAct);
  }

  /**
   * See {@link FloatKernels#lstmStepPanels(int, int, Activation, Activation)}; where the vector
   * kernels specialise these sizes, the step reads {@code recurrentKernel}'s storage from a 64-byte
   * aligned copy it keeps in step with the variable's {@link Variable#version()} (a write to the
   * storage must be followed by {@link Variable#changed}, as training's are).
   *
   * @param recurrentKernel the layer's recurrent kernel, in panels, or null: the step then reads
   *     the array it is given
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the cell activation
   * @param recAct the gate activation
   * @return the step for these sizes, over a recurrent kernel in panels
   */
  public static LstmStep lstmStepPanels(
      Variable recurrentKernel, int units, int stride, Activation act, Activation recAct) {
    LstmStep aligned =
        INSTANCE instanceof VectorKernels vector && recurrentKernel != null
            ? vector.alignedLstmStepPanels(recurrentKernel, units, stride, act, recAct)
            : null;
    return aligned != null ? aligned : INSTANCE.lstmStepPanels(units, stride, act, recAct);
  }

  /**
   * See {@link FloatKernels#gruStepPanels(int, int, Activation, Activation)}; where the vector
   * kernels specialise these sizes (with a recurrent bias), the step reads {@code
   * recurrentKernel}'s storage from a 64-byte aligned copy it keeps in step with the variable's
   * {@link Variable#version()}, as {@link #lstmStepPanels(Variable, int, int, Activation,
   * Activation)}.
   *
   * @param recurrentKernel the layer's recurrent kernel, in panels, or null: the step then reads
   *     the array it is given
   * @param units the number of units
   * @param stride floats per gate block
   * @param act the candidate activation
   * @param recAct the gate activation
   * @param withRecurrentBias whether the layer has {@code b_rec} (its steps pass it, not null)
   * @return the step for these sizes, over a recurrent kernel in panels
   */
  public static GruStep gruStepPanels(
      Variable recurrentKernel,
      int units,
      int stride,
      Activation act,
      Activation recAct,
      boolean withRecurrentBias) {
    GruStep aligned =
        INSTANCE instanceof VectorKernels vector && recurrentKernel != null
            ? vector.alignedGruStepPanels(
                recurrentKernel, units, stride, act, recAct, withRecurrentBias)
            : null;
    return aligned != null ? aligned : INSTANCE.gruStepPanels(units, stride, act, recAct);
  }

  /**
   * See {@link FloatKernels#simpleRnnStep(int, int, Activation)}.
   *
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param act the activation
   * @return the step for these sizes
   */
  public static SimpleRnnStep simpleRnnStep(int units, int stride, Activation act) {
    return INSTANCE.simpleRnnStep(units, stride, act);
  }

  /**
   * See {@link FloatKernels#simpleRnnSteps}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param pOff offset of sequence 0's first value
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel the recurrent kernel
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param h the hidden states
   * @param sStride distance between the sequences' states
   * @param scratch at least {@code batch·stride} floats
   * @param act the activation
   */
  public static void simpleRnnSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act) {
    INSTANCE.simpleRnnSteps(
        batch, projection, pOff, pStride, recurrentKernel, units, stride, h, sStride, scratch, act);
  }

  /**
   * See {@link FloatKernels#mul}.
   *
   * @param a the first factors
   * @param aOff offset into {@code a}
   * @param b the second factors
   * @param bOff offset into {@code b}
   * @param dst the products
   * @param dstOff offset into {@code dst}
   * @param len the number of elements
   */
  public static void mul(
      float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    INSTANCE.mul(a, aOff, b, bOff, dst, dstOff, len);
  }

  /**
   * See {@link FloatKernels#gruBlend}.
   *
   * @param z the update gate
   * @param zOff offset into {@code z}
   * @param hh the candidate state
   * @param hhOff offset into {@code hh}
   * @param h the hidden state, updated in place
   * @param len the number of units
   */
  public static void gruBlend(float[] z, int zOff, float[] hh, int hhOff, float[] h, int len) {
    INSTANCE.gruBlend(z, zOff, hh, hhOff, h, len);
  }

  /**
   * See {@link FloatKernels#add}.
   *
   * @param a the first terms
   * @param aOff offset into {@code a}
   * @param b the second terms
   * @param bOff offset into {@code b}
   * @param dst the sums
   * @param dstOff offset into {@code dst}
   * @param len the number of elements
   */
  public static void add(
      float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len) {
    INSTANCE.add(a, aOff, b, bOff, dst, dstOff, len);
  }
}
