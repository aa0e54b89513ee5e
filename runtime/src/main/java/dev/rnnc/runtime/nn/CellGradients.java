package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.Activation;
import dev.rnnc.runtime.simd.GradientKernels;
import dev.rnnc.runtime.simd.GruResetBeforeTraining;
import dev.rnnc.runtime.simd.GruTraining;
import dev.rnnc.runtime.simd.Kernels;
import dev.rnnc.runtime.simd.LstmProjectedTraining;
import dev.rnnc.runtime.simd.LstmTraining;
import dev.rnnc.runtime.simd.RecurrentPanels;
import dev.rnnc.runtime.simd.SimpleRnnTraining;

/**
 * One timestep of each recurrent cell's training pass, forward and backward, for generated code
 * (the training twin of {@link Cells}), on the process-wide kernels ({@link Kernels#INSTANCE},
 * {@link GradientKernels#INSTANCE}). Every step runs {@code batch} sequences in lockstep; one
 * sequence is {@code batch = 1}.
 *
 * <p>The generated loop, per recurrent layer and batch:
 *
 * <ol>
 *   <li>Forward: the whole sequence's input projection {@code x·W + b} in one product (as
 *       inference); then for each timestep {@code t} in processing order, {@code xxxForward} with
 *       {@code savedOff = t·batch·xxxRecord(stride)}: it saves what the backward step needs (the
 *       incoming states) and runs the inference step, so outputs are bit-identical to {@code
 *       predict}. The LSTM and GRU steps (with activations whose derivatives need only their
 *       outputs) also leave their activated gates over the projection rows of {@code t}, which the
 *       backward step reads: the projection is consumed, not kept. A sample masked at {@code t}
 *       gets its states put back after the step, as in inference.
 *   <li>Backward: state gradients {@code dh} (and {@code dc}) start at the final states' gradients
 *       (zero unless a later layer reads them). For {@code t} from last to first: add the output's
 *       gradient at {@code t} to {@code dh}, then {@code xxxBackward} with the same offsets as the
 *       forward step and the mask's flags of {@code t}. It writes the projection's gradient row
 *       {@code dProjection} (same layout as the projection), accumulates {@code dU} (and a GRU's
 *       recurrent bias row; an LSTM's transposed steps leave {@code dU} to {@link
 *       #lstmRecurrentKernelGradient} after the loop), and leaves {@code dL/dh_{t-1}} (and {@code
 *       dL/dc_{t-1}}) in {@code dh} ({@code dc}). A masked sample's gradients pass through
 *       unchanged.
 *   <li>After the loop: {@link ProjectionGradients} turns {@code dProjection} into {@code dW}, the
 *       bias' (first) row and {@code dx}; {@code dh}, {@code dc} are the initial states' gradients.
 * </ol>
 *
 * <p>Masked steps' outputs (Keras 3.15, {@code reference/rnn-semantics.md} §3): a masked step
 * outputs the previous output, which is the carried {@code h}, so its output gradient is added to
 * {@code dh} like a real step's and passes through to the last real step; but where it outputs
 * zeros (with {@code zeroOutputForMask}, and at leading masked steps, before any real step) the
 * output is a constant and its gradient is dropped. {@code goBackwards} layers run both loops in
 * processing order. Input dropout composes outside (mask {@code x} before the projection, multiply
 * {@code dx} by the same mask: {@link RecurrentDropouts}); recurrent dropout (a mask on {@code
 * h_{t-1}} inside the recurrent product only, one per gate block) has its own forward steps, {@code
 * xxxDropoutForward}, and backward overloads taking the same masks.
 *
 * <p>Layouts are those of {@link Cells}; recurrent kernels must be row-major ({@code
 * RecurrentPanels} layout is an inference-only optimisation). Gradients have the layout of their
 * weights, with the padding left zero. Scratch and record sizes come from the {@code xxxScratch} /
 * {@code xxxRecord} methods; preallocate them once, nothing here allocates.
 */
public final class CellGradients {
  private static final LstmTraining LSTM =
      new LstmTraining(Kernels.INSTANCE, GradientKernels.INSTANCE);
  private static final LstmProjectedTraining LSTM_PROJECTED =
      new LstmProjectedTraining(Kernels.INSTANCE, GradientKernels.INSTANCE);
  private static final GruTraining GRU =
      new GruTraining(Kernels.INSTANCE, GradientKernels.INSTANCE);
  private static final GruResetBeforeTraining GRU_RESET_BEFORE =
      new GruResetBeforeTraining(Kernels.INSTANCE, GradientKernels.INSTANCE);
  private static final SimpleRnnTraining SIMPLE_RNN =
      new SimpleRnnTraining(Kernels.INSTANCE, GradientKernels.INSTANCE);

  private CellGradients() {}

  /**
   * Floats per sample and timestep that {@link #lstmForward} saves.
   *
   * @param stride floats per gate block
   * @return the record size
   */
  public static int lstmRecord(int stride) {
    return LstmTraining.recordSize(stride);
  }

  /**
   * Floats of scratch {@link #lstmBackward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int lstmScratch(int batch, int stride) {
    return LstmTraining.scratchSize(batch, stride);
  }

  /**
   * LSTM forward step of a training pass: {@link Cells#lstmSteps} after saving the incoming states.
   * See {@link LstmTraining#forward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 4·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code batch·4·stride}
   * @param c the cell states, sequence {@code b}'s at {@code b·stateStride}
   * @param h the hidden states
   * @param stateStride distance between the sequences' states
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   * @param saved the records
   * @param savedOffset offset of sequence 0's record of this timestep
   */
  public static void lstmForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    LSTM.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        false,
        units,
        stride,
        gates,
        c,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * {@link #lstmForward(int, float[], int, int, float[], int, int, float[], float[], float[], int,
   * Activation, Activation, float[], int)} reading the recurrent kernel in {@link RecurrentPanels}
   * layout, as the model stores it (a layer wider than one panel): the forward's product then
   * streams U sequentially, as inference does. The states and records are the same; the backward
   * steps read the row-major copy.
   *
   * @param recurrentPanels the recurrent kernel, packed by {@link RecurrentPanels#pack}
   */
  public static void lstmForwardPanels(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] gates,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    LSTM.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentPanels,
        true,
        units,
        stride,
        gates,
        c,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * LSTM backward step. See {@link LstmTraining#backward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 4·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param saved the records the forward step wrote
   * @param savedOffset offset of sequence 0's record of this timestep
   * @param mask the mask flags, or null without a mask
   * @param maskOffset offset of sequence 0's flag of this timestep
   * @param maskStride distance between the sequences' flags
   * @param dh {@code dL/dh_t} in, {@code dL/dh_{t-1}} out
   * @param dc {@code dL/dc_t} in, {@code dL/dc_{t-1}} out
   * @param stateStride distance between the sequences' state gradients
   * @param dProjection the projection's gradient, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
   * @param dRecurrentKernel accumulated
   * @param scratch {@link #lstmScratch} floats
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   */
  public static void lstmBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      float[] dc,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation) {
    LSTM.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        dc,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentActivation);
  }

  /**
   * Floats of {@link #lstmTranspose}'s output.
   *
   * @param stride floats per gate block
   * @return the size
   */
  public static int lstmTransposedSize(int stride) {
    return LstmTraining.transposedSize(stride);
  }

  /**
   * The recurrent kernel transposed for {@link #lstmBackwardTransposed}: once per training step,
   * after the optimizer changed it, before the backward steps.
   *
   * @param recurrentKernel {@code units × 4·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param transposed {@link #lstmTransposedSize} floats, written
   */
  public static void lstmTranspose(
      float[] recurrentKernel, int units, int stride, float[] transposed) {
    LstmTraining.transpose(recurrentKernel, units, stride, transposed);
  }

  /**
   * {@link #lstmBackward} reading {@code transposed}, the recurrent kernel as {@link
   * #lstmTranspose} wrote it since it last changed: the same gradients (summed in another order),
   * faster, the gradient of {@code h_{t-1}} being a plain product. With {@code dRecurrentKernel}
   * null the step leaves the recurrent kernel's gradient to {@link #lstmRecurrentKernelGradient}
   * after the time loop.
   *
   * @param transposed the transposed recurrent kernel
   */
  public static void lstmBackwardTransposed(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      float[] dc,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] transposed) {
    LSTM.backwardTransposed(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        dc,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentActivation,
        transposed);
  }

  /**
   * The recurrent kernel's gradient of a whole batch after its {@link #lstmBackwardTransposed}
   * steps ran with {@code dRecurrentKernel = null}: {@code dU += Σ h_{t-1}ᵀ·dz_t} over every
   * sequence and timestep, as products over the longer axis (a sequence's timesteps, or a
   * timestep's sequences), not one product per step inside the time loop. See {@link
   * LstmTraining#recurrentKernelGradient}.
   *
   * @param batch the number of sequences
   * @param timesteps the number of timesteps
   * @param saved the records the forward steps wrote ({@code savedOffset = t·batch·record})
   * @param record {@link #lstmRecord}
   * @param units the number of units
   * @param stride floats per gate block
   * @param dProjection the projection's gradient the backward steps wrote
   * @param timestepStride distance between a sequence's projection rows of consecutive timesteps
   * @param sequenceStride distance between the sequences' projection rows
   * @param dRecurrentKernel {@code units × 4·stride}, accumulated
   */
  public static void lstmRecurrentKernelGradient(
      int batch,
      int timesteps,
      float[] saved,
      int record,
      int units,
      int stride,
      float[] dProjection,
      int timestepStride,
      int sequenceStride,
      float[] dRecurrentKernel) {
    LSTM.recurrentKernelGradient(
        batch,
        timesteps,
        saved,
        record,
        units,
        dProjection,
        timestepStride,
        sequenceStride,
        4 * stride,
        dRecurrentKernel);
  }

  /**
   * Floats per sample and timestep that {@link #lstmProjectedForward} saves.
   *
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return the record size
   */
  public static int lstmProjectedRecord(int stride, int projStride) {
    return LstmProjectedTraining.recordSize(stride, projStride);
  }

  /**
   * Floats of scratch {@link #lstmProjectedBackward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return the scratch size
   */
  public static int lstmProjectedScratch(int batch, int stride, int projStride) {
    return LstmProjectedTraining.scratchSize(batch, stride, projStride);
  }

  /**
   * Forward step of an LSTM with PyTorch's {@code proj_size}: {@link Cells#lstmProjected}'s kernels
   * per sample after saving the incoming states. See {@link LstmProjectedTraining#forward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code projSize × 4·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code 4·stride}
   * @param cell scratch of {@code stride}
   * @param cellOutput scratch of {@code stride}
   * @param projectionKernel {@code units × projStride}
   * @param projSize the width of {@code h}
   * @param projStride its padded width
   * @param c the cell states, sequence {@code b}'s at {@code b·stateStride}
   * @param h the hidden states
   * @param stateStride distance between the sequences' states, at least {@code projStride}
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   * @param saved the records
   * @param savedOffset offset of sequence 0's record of this timestep
   */
  public static void lstmProjectedForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] cell,
      float[] cellOutput,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    LSTM_PROJECTED.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        gates,
        cell,
        cellOutput,
        projectionKernel,
        projSize,
        projStride,
        c,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * Backward step of an LSTM with {@code proj_size}. See {@link LstmProjectedTraining#backward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code projSize × 4·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param projectionKernel {@code units × projStride}
   * @param projSize the width of {@code h}
   * @param projStride its padded width
   * @param saved the records the forward step wrote
   * @param savedOffset offset of sequence 0's record of this timestep
   * @param mask the mask flags, or null without a mask
   * @param maskOffset offset of sequence 0's flag of this timestep
   * @param maskStride distance between the sequences' flags
   * @param dh {@code dL/dh_t} in, {@code dL/dh_{t-1}} out
   * @param dc {@code dL/dc_t} in, {@code dL/dc_{t-1}} out
   * @param stateStride distance between the sequences' state gradients
   * @param dProjection the projection's gradient, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
   * @param dRecurrentKernel accumulated
   * @param dProjectionKernel accumulated
   * @param scratch {@link #lstmProjectedScratch} floats
   * @param activation the cell activation
   * @param recurrentActivation the gate activation
   */
  public static void lstmProjectedBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      float[] dc,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] dProjectionKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation) {
    LSTM_PROJECTED.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        projectionKernel,
        projSize,
        projStride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        dc,
        stateStride,
        dProjection,
        dRecurrentKernel,
        dProjectionKernel,
        scratch,
        activation,
        recurrentActivation);
  }

  /**
   * Floats of scratch {@link #lstmProjectedDropoutForward} and the backward step with recurrent
   * masks need.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @param projStride the padded width of {@code h}
   * @return the scratch size
   */
  public static int lstmProjectedDropoutScratch(int batch, int stride, int projStride) {
    return LstmProjectedTraining.dropoutScratchSize(batch, stride, projStride);
  }

  /**
   * Forward step of an LSTM with PyTorch's {@code proj_size} and Keras' {@code recurrent_dropout}
   * on the projected {@code h}. See {@link LstmProjectedTraining#forwardDropout}.
   *
   * @param recurrentMasks {@code 4·stride} per sample, packed gate order, {@code projSize} values
   *     each
   * @param scratch {@link #lstmProjectedDropoutScratch} floats
   */
  public static void lstmProjectedDropoutForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset,
      float[] recurrentMasks,
      float[] scratch) {
    LSTM_PROJECTED.forwardDropout(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        projectionKernel,
        projSize,
        projStride,
        c,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset,
        recurrentMasks,
        scratch);
  }

  /**
   * {@link #lstmProjectedBackward} of a {@link #lstmProjectedDropoutForward} step: the recurrent
   * products' gradients go through the same masks; {@code scratch} holds {@code
   * lstmProjectedDropoutScratch} floats.
   *
   * @param recurrentMasks the step's recurrent masks, as the forward step read them
   */
  public static void lstmProjectedBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] projectionKernel,
      int projSize,
      int projStride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      float[] dc,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] dProjectionKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] recurrentMasks) {
    LSTM_PROJECTED.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        projectionKernel,
        projSize,
        projStride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        dc,
        stateStride,
        dProjection,
        dRecurrentKernel,
        dProjectionKernel,
        scratch,
        activation,
        recurrentActivation,
        recurrentMasks);
  }

  /**
   * Floats per sample and timestep that {@link #gruForward} saves.
   *
   * @param stride floats per gate block
   * @return the record size
   */
  public static int gruRecord(int stride) {
    return GruTraining.recordSize(stride);
  }

  /**
   * Floats of scratch {@link #gruBackward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int gruScratch(int batch, int stride) {
    return GruTraining.scratchSize(batch, stride);
  }

  /**
   * GRU ({@code reset_after=True}) forward step of a training pass: {@link Cells#gruSteps} after
   * saving the incoming state. See {@link GruTraining#forward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 3·stride}, row-major
   * @param recurrentBias the packed (2, 3·units) bias, or null without bias
   * @param recurrentBiasOffset offset of its second (recurrent) row
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code batch·3·stride}
   * @param h the hidden states, sequence {@code b}'s at {@code b·stateStride}
   * @param stateStride distance between the sequences' states
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   * @param saved the records
   * @param savedOffset offset of sequence 0's record of this timestep
   */
  public static void gruForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    GRU.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        false,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        gates,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * {@link #gruForward(int, float[], int, int, float[], float[], int, int, int, float[], float[],
   * int, Activation, Activation, float[], int)} reading the recurrent kernel in {@link
   * RecurrentPanels} layout, as the model stores it (a layer wider than one panel). The states and
   * records are the same; the backward steps read the row-major copy.
   *
   * @param recurrentPanels the recurrent kernel, packed by {@link RecurrentPanels#pack}
   */
  public static void gruForwardPanels(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentPanels,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] gates,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    GRU.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentPanels,
        true,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        gates,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * GRU ({@code reset_after=True}) backward step. See {@link GruTraining#backward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 3·stride}, row-major
   * @param recurrentBias the packed (2, 3·units) bias, or null without bias
   * @param recurrentBiasOffset offset of its second (recurrent) row
   * @param units the number of units
   * @param stride floats per gate block
   * @param saved the records the forward step wrote
   * @param savedOffset offset of sequence 0's record of this timestep
   * @param mask the mask flags, or null without a mask
   * @param maskOffset offset of sequence 0's flag of this timestep
   * @param maskStride distance between the sequences' flags
   * @param dh {@code dL/dh_t} in, {@code dL/dh_{t-1}} out
   * @param stateStride distance between the sequences' state gradients
   * @param dProjection the projection's gradient, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
   * @param dRecurrentKernel accumulated
   * @param dBias the bias' gradient (same layout as the bias), its recurrent row accumulated; null
   *     without bias
   * @param dBiasOffset offset of its recurrent row
   * @param scratch {@link #gruScratch} floats
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   */
  public static void gruBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] dBias,
      int dBiasOffset,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation) {
    GRU.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        dBias,
        dBiasOffset,
        scratch,
        activation,
        recurrentActivation);
  }

  /**
   * Floats of {@link #gruTranspose}'s output.
   *
   * @param stride floats per gate block
   * @return the size
   */
  public static int gruTransposedSize(int stride) {
    return GruTraining.transposedSize(stride);
  }

  /**
   * The recurrent kernel transposed for {@link #gruBackwardTransposed}: once per training step,
   * after the optimizer changed it, before the backward steps.
   *
   * @param recurrentKernel {@code units × 3·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param transposed {@link #gruTransposedSize} floats, written
   */
  public static void gruTranspose(
      float[] recurrentKernel, int units, int stride, float[] transposed) {
    GruTraining.transpose(recurrentKernel, units, stride, transposed);
  }

  /**
   * {@link #gruBackward} reading {@code transposed}, the recurrent kernel as {@link #gruTranspose}
   * wrote it since it last changed: the same gradients (summed in another order), faster, the
   * gradient of {@code h_{t-1}} through U being a plain product.
   *
   * @param transposed the transposed recurrent kernel
   */
  public static void gruBackwardTransposed(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] dBias,
      int dBiasOffset,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] transposed) {
    GRU.backwardTransposed(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        dBias,
        dBiasOffset,
        scratch,
        activation,
        recurrentActivation,
        transposed);
  }

  /**
   * Floats per sample and timestep that {@link #gruResetBeforeForward} saves.
   *
   * @param stride floats per gate block
   * @return the record size
   */
  public static int gruResetBeforeRecord(int stride) {
    return GruResetBeforeTraining.recordSize(stride);
  }

  /**
   * Floats of scratch {@link #gruResetBeforeBackward} needs.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int gruResetBeforeScratch(int batch, int stride) {
    return GruResetBeforeTraining.scratchSize(batch, stride);
  }

  /**
   * GRU ({@code reset_after=False}) forward step of a training pass: {@link Cells#gruResetBefore}'s
   * kernels per sample after saving the incoming state. See {@link GruResetBeforeTraining#forward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 3·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param gates scratch of {@code 4·stride}
   * @param state scratch of {@code stride}
   * @param h the hidden states, sequence {@code b}'s at {@code b·stateStride}
   * @param stateStride distance between the sequences' states
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   * @param saved the records
   * @param savedOffset offset of sequence 0's record of this timestep
   */
  public static void gruResetBeforeForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] gates,
      float[] state,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset) {
    GRU_RESET_BEFORE.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        gates,
        state,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset);
  }

  /**
   * GRU ({@code reset_after=False}) backward step. See {@link GruResetBeforeTraining#backward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × 3·stride}, row-major
   * @param units the number of units
   * @param stride floats per gate block
   * @param saved the records the forward step wrote
   * @param savedOffset offset of sequence 0's record of this timestep
   * @param mask the mask flags, or null without a mask
   * @param maskOffset offset of sequence 0's flag of this timestep
   * @param maskStride distance between the sequences' flags
   * @param dh {@code dL/dh_t} in, {@code dL/dh_{t-1}} out
   * @param stateStride distance between the sequences' state gradients
   * @param dProjection the projection's gradient, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
   * @param dRecurrentKernel accumulated
   * @param scratch {@link #gruResetBeforeScratch} floats
   * @param activation the candidate activation
   * @param recurrentActivation the gate activation
   */
  public static void gruResetBeforeBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation) {
    GRU_RESET_BEFORE.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentActivation);
  }

  /**
   * Floats per sample and timestep that {@link #simpleRnnForward} saves.
   *
   * @param stride the state's padded width
   * @return the record size
   */
  public static int simpleRnnRecord(int stride) {
    return SimpleRnnTraining.recordSize(stride);
  }

  /**
   * Floats of scratch {@link #simpleRnnBackward} needs.
   *
   * @param batch the number of sequences
   * @param stride the state's padded width
   * @return the scratch size
   */
  public static int simpleRnnScratch(int batch, int stride) {
    return SimpleRnnTraining.scratchSize(batch, stride);
  }

  /**
   * SimpleRNN forward step of a training pass: {@link Cells#simpleRnnSteps} between saving the
   * incoming and the new state. See {@link SimpleRnnTraining#forward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × stride}, row-major
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param scratch scratch of {@code batch·stride}
   * @param h the hidden states, sequence {@code b}'s at {@code b·stateStride}
   * @param stateStride distance between the sequences' states
   * @param activation the activation
   * @param saved the records
   * @param savedOffset offset of sequence 0's record of this timestep
   */
  public static void simpleRnnForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] scratch,
      float[] h,
      int stateStride,
      Activation activation,
      float[] saved,
      int savedOffset) {
    SIMPLE_RNN.forward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        scratch,
        h,
        stateStride,
        activation,
        saved,
        savedOffset);
  }

  /**
   * SimpleRNN backward step. See {@link SimpleRnnTraining#backward}.
   *
   * @param batch the number of sequences
   * @param projection the input projections the forward step read
   * @param offset offset of sequence 0's projection row of this timestep
   * @param projectionStride distance between the sequences' projection rows
   * @param recurrentKernel {@code units × stride}, row-major
   * @param units the number of units
   * @param stride the row stride of the recurrent kernel
   * @param saved the records the forward step wrote
   * @param savedOffset offset of sequence 0's record of this timestep
   * @param mask the mask flags, or null without a mask
   * @param maskOffset offset of sequence 0's flag of this timestep
   * @param maskStride distance between the sequences' flags
   * @param dh {@code dL/dh_t} in, {@code dL/dh_{t-1}} out
   * @param stateStride distance between the sequences' state gradients
   * @param dProjection the projection's gradient, written at the projection's offsets (may be
   *     {@code projection} itself: the step reads its rows before it writes them)
   * @param dRecurrentKernel accumulated
   * @param scratch {@link #simpleRnnScratch} floats
   * @param activation the activation
   */
  public static void simpleRnnBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation) {
    SIMPLE_RNN.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation);
  }

  /**
   * Floats of {@link #simpleRnnTranspose}'s output.
   *
   * @param stride the padded width of the units
   * @return the size
   */
  public static int simpleRnnTransposedSize(int stride) {
    return SimpleRnnTraining.transposedSize(stride);
  }

  /**
   * The recurrent kernel transposed for {@link #simpleRnnBackwardTransposed}: once per training
   * step, after the optimizer changed it, before the backward steps.
   *
   * @param recurrentKernel {@code units × stride}, row-major
   * @param units the number of units
   * @param stride the padded width of the units
   * @param transposed {@link #simpleRnnTransposedSize} floats, written
   */
  public static void simpleRnnTranspose(
      float[] recurrentKernel, int units, int stride, float[] transposed) {
    SimpleRnnTraining.transpose(recurrentKernel, units, stride, transposed);
  }

  /**
   * {@link #simpleRnnBackward} reading {@code transposed}, the recurrent kernel as {@link
   * #simpleRnnTranspose} wrote it since it last changed: the same gradients (summed in another
   * order), faster, the gradient of {@code h_{t-1}} being a plain product.
   *
   * @param transposed the transposed recurrent kernel
   */
  public static void simpleRnnBackwardTransposed(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      float[] transposed) {
    SIMPLE_RNN.backwardTransposed(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        transposed);
  }

  /**
   * {@link #lstmBackward} of a step with Keras' {@code recurrent_dropout} ({@code
   * lstmDropoutForward}): the recurrent products' gradients go through the same masks; {@code
   * scratch} holds {@code lstmDropoutScratch} floats.
   *
   * @param recurrentMasks the step's recurrent masks, as the forward step read them
   */
  public static void lstmBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      float[] dc,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] recurrentMasks) {
    LSTM.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        dc,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentActivation,
        recurrentMasks);
  }

  /**
   * {@link #gruBackward} of a step with Keras' {@code recurrent_dropout} ({@code
   * gruDropoutForward}): the recurrent products' gradients go through the same masks; {@code
   * scratch} holds {@code gruDropoutScratch} floats.
   *
   * @param recurrentMasks the step's recurrent masks, as the forward step read them
   */
  public static void gruBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] dBias,
      int dBiasOffset,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] recurrentMasks) {
    GRU.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        dBias,
        dBiasOffset,
        scratch,
        activation,
        recurrentActivation,
        recurrentMasks);
  }

  /**
   * {@link #gruResetBeforeBackward} of a step with Keras' {@code recurrent_dropout} ({@code
   * gruResetBeforeDropoutForward}): the recurrent products' gradients go through the same masks;
   * {@code scratch} holds {@code gruResetBeforeDropoutScratch} floats.
   *
   * @param recurrentMasks the step's recurrent masks, as the forward step read them
   */
  public static void gruResetBeforeBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      Activation recurrentActivation,
      float[] recurrentMasks) {
    GRU_RESET_BEFORE.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentActivation,
        recurrentMasks);
  }

  /**
   * {@link #simpleRnnBackward} of a step with Keras' {@code recurrent_dropout} ({@code
   * simpleRnnDropoutForward}): the recurrent products' gradients go through the same masks; {@code
   * scratch} holds {@code simpleRnnDropoutScratch} floats.
   *
   * @param recurrentMasks the step's recurrent masks, as the forward step read them
   */
  public static void simpleRnnBackward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] saved,
      int savedOffset,
      boolean[] mask,
      int maskOffset,
      int maskStride,
      float[] dh,
      int stateStride,
      float[] dProjection,
      float[] dRecurrentKernel,
      float[] scratch,
      Activation activation,
      float[] recurrentMasks) {
    SIMPLE_RNN.backward(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        saved,
        savedOffset,
        mask,
        maskOffset,
        maskStride,
        dh,
        stateStride,
        dProjection,
        dRecurrentKernel,
        scratch,
        activation,
        recurrentMasks);
  }

  /**
   * Floats of scratch {@link #lstmDropoutForward} and the backward step with recurrent masks need.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int lstmDropoutScratch(int batch, int stride) {
    return LstmTraining.dropoutScratchSize(batch, stride);
  }

  /**
   * Floats of scratch {@link #gruDropoutForward} and the backward step with recurrent masks need.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int gruDropoutScratch(int batch, int stride) {
    return GruTraining.dropoutScratchSize(batch, stride);
  }

  /**
   * Floats of scratch {@link #gruResetBeforeDropoutForward} and the backward step with recurrent
   * masks need.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int gruResetBeforeDropoutScratch(int batch, int stride) {
    return GruResetBeforeTraining.dropoutScratchSize(batch, stride);
  }

  /**
   * Floats of scratch {@link #simpleRnnDropoutForward} and the backward step with recurrent masks
   * need.
   *
   * @param batch the number of sequences
   * @param stride floats per gate block
   * @return the scratch size
   */
  public static int simpleRnnDropoutScratch(int batch, int stride) {
    return SimpleRnnTraining.dropoutScratchSize(batch, stride);
  }

  /**
   * LSTM forward step with Keras' {@code recurrent_dropout}. See {@link
   * LstmTraining#forwardDropout}.
   *
   * @param recurrentMasks {@code 4·stride} per sample, packed gate order
   * @param scratch {@link #lstmDropoutScratch} floats
   */
  public static void lstmDropoutForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset,
      float[] recurrentMasks,
      float[] scratch) {
    LSTM.forwardDropout(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        c,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset,
        recurrentMasks,
        scratch);
  }

  /**
   * GRU ({@code reset_after=True}) forward step with Keras' {@code recurrent_dropout}. See {@link
   * GruTraining#forwardDropout}.
   *
   * @param recurrentMasks {@code 3·stride} per sample (z, r, h)
   * @param scratch {@link #gruDropoutScratch} floats
   */
  public static void gruDropoutForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      float[] recurrentBias,
      int recurrentBiasOffset,
      int units,
      int stride,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset,
      float[] recurrentMasks,
      float[] scratch) {
    GRU.forwardDropout(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        recurrentBias,
        recurrentBiasOffset,
        units,
        stride,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset,
        recurrentMasks,
        scratch);
  }

  /**
   * GRU ({@code reset_after=False}) forward step with Keras' {@code recurrent_dropout}. See {@link
   * GruResetBeforeTraining#forwardDropout}.
   *
   * @param recurrentMasks {@code 3·stride} per sample (z, r, h)
   * @param scratch {@link #gruResetBeforeDropoutScratch} floats
   */
  public static void gruResetBeforeDropoutForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int stateStride,
      Activation activation,
      Activation recurrentActivation,
      float[] saved,
      int savedOffset,
      float[] recurrentMasks,
      float[] scratch) {
    GRU_RESET_BEFORE.forwardDropout(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        h,
        stateStride,
        activation,
        recurrentActivation,
        saved,
        savedOffset,
        recurrentMasks,
        scratch);
  }

  /**
   * SimpleRNN forward step with Keras' {@code recurrent_dropout}. See {@link
   * SimpleRnnTraining#forwardDropout}.
   *
   * @param recurrentMasks {@code stride} per sample
   * @param scratch {@link #simpleRnnDropoutScratch} floats
   */
  public static void simpleRnnDropoutForward(
      int batch,
      float[] projection,
      int offset,
      int projectionStride,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      int stateStride,
      Activation activation,
      float[] saved,
      int savedOffset,
      float[] recurrentMasks,
      float[] scratch) {
    SIMPLE_RNN.forwardDropout(
        batch,
        projection,
        offset,
        projectionStride,
        recurrentKernel,
        units,
        stride,
        h,
        stateStride,
        activation,
        saved,
        savedOffset,
        recurrentMasks,
        scratch);
  }
}
