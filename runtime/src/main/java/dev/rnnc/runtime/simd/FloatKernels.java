package dev.rnnc.runtime.simd;

/**
 * The float kernels that generated RNN code calls: vector-times-matrix products, activations and
 * the LSTM/GRU cell updates.
 *
 * <p>Common contract: every array range named by an offset and a length must lie inside its array,
 * otherwise an {@link IndexOutOfBoundsException} is thrown, possibly after part of the output was
 * written. Counts ({@code n}, {@code width}, {@code rows}, {@code len}) may be any non-negative
 * int, not only lane multiples. Nothing is allocated. Only the documented output elements are
 * written. Inputs must not overlap outputs unless a method says otherwise.
 *
 * <p>Matrices are row-major with an explicit row stride: element {@code (k, j)} of {@code W} is
 * {@code w[wOff + k * wStride + j]}.
 */
public interface FloatKernels {

  /**
   * Vector-times-matrix accumulate: {@code y[yOff + j] += sum_k x[xOff + k] * W[k][j]} for {@code j
   * < width}, {@code k < n}.
   *
   * @param x the input vector; {@code x[xOff .. xOff + n)} is read
   * @param xOff offset of the first input
   * @param n the input length, the number of rows of {@code W}
   * @param w the weights; row {@code k} is {@code w[wOff + k * wStride .. + width)}
   * @param wOff offset of {@code W[0][0]}
   * @param wStride distance between rows of {@code W}, usually {@code >= width}
   * @param width the number of output columns
   * @param y the accumulator; {@code y[yOff .. yOff + width)} is read and written
   * @param yOff offset of the first output
   */
  void mulAdd(
      float[] x, int xOff, int n, float[] w, int wOff, int wStride, int width, float[] y, int yOff);

  /**
   * Matrix product plus bias: for each {@code r < rows}, {@code y[yOff + r * yStride + j] =
   * bias[biasOff + j] + sum_k x[xOff + r * xStride + k] * W[k][j]}.
   *
   * @param x the input rows
   * @param xOff offset of the first input of row 0
   * @param xStride distance between input rows
   * @param rows the number of rows (e.g. time steps); 0 does nothing
   * @param n the input length per row, the number of rows of {@code W}
   * @param w the weights, as in {@link #mulAdd}
   * @param wOff offset of {@code W[0][0]}
   * @param wStride distance between rows of {@code W}
   * @param width the number of output columns
   * @param bias the bias, or null for none; {@code bias[biasOff .. + width)} is read
   * @param biasOff offset of the first bias
   * @param y the output rows; only {@code y[yOff + r * yStride .. + width)} are written
   * @param yOff offset of the first output of row 0
   * @param yStride distance between output rows
   */
  void matmul(
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
      int yStride);

  /**
   * {@link #matmul} for a weight matrix of one column held contiguous, as a Dense layer of one unit
   * keeps its kernel's column ({@code DenseColumn}): for each {@code r < rows}, {@code y[yOff + r *
   * yStride] = bias[biasOff] + sum_k x[xOff + r * xStride + k] * column[columnOff + k]}, and the
   * row's other {@code width - 1} floats set to zero (what {@link #matmul} gives a packed layer's
   * padding). {@link #matmul} takes such a layer as a whole vector of columns, 15 of them padding;
   * this is a dot product along the row.
   *
   * <p>The sum has one order, whatever the vector size, the kernels or the JIT tier: sixteen
   * partial sums, {@code p[k mod 16]}, each a chain of fused multiply-adds over its {@code k} in
   * increasing order from zero, then summed pairwise ({@code p[j] + p[j + 8]}, then {@code + 4},
   * {@code + 2}, {@code + 1}). So every implementation gives the same bits, and rows of a batch
   * equal their single calls; the result differs from {@link #matmul}'s by float rounding. The
   * row's floats hold the partial sums before the result is written.
   *
   * @param x the input rows
   * @param xOff offset of the first input of row 0
   * @param xStride distance between input rows
   * @param rows the number of rows; 0 does nothing
   * @param n the input length per row, the length of the column
   * @param column the weights, {@code W[k][0]} at {@code column[columnOff + k]}
   * @param columnOff offset of {@code W[0][0]}
   * @param width the output row's packed width, at least {@code PackedLayout.ALIGN} (16)
   * @param bias the bias, or null for none; {@code bias[biasOff]} is read
   * @param biasOff offset of the bias
   * @param y the output rows; {@code y[yOff + r * yStride .. + width)} are written
   * @param yOff offset of the first output of row 0
   * @param yStride distance between output rows
   * @throws IllegalArgumentException if {@code width} is below 16
   */
  void matmulColumn(
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
      int yStride);

  /**
   * Applies an activation in place to {@code a[off .. off + len)}. {@link VectorKernels} compute it
   * with the same bits in every JIT tier (no Vector API transcendental: a prediction made before
   * the JIT compiled the kernels equals one made after).
   *
   * @param act the activation
   * @param a the values
   * @param off offset of the first value
   * @param len the number of values
   */
  void activate(Activation act, float[] a, int off, int len);

  /**
   * {@link #activate} as the training kernels need it: the same bits in every JIT tier, so that a
   * fit repeats bit for bit however warm the JVM is, and the functions the fused training steps
   * use. On vectors, tanh and sigmoid are {@code VectorMath}'s fast rational functions (where
   * {@link #activate}'s sigmoid takes an exp, for its relative accuracy in the far tails); GELU,
   * swish and softplus take {@code VectorMath}'s exp of IEEE operations alone (softplus a log1p of
   * such operations too), ELU and SELU its expm1 (exp and expm1 within 1 ulp of {@code Math}'s,
   * softplus within 2; the elements after a range's last whole vector take {@code Math}'s, which
   * give the same bits in the interpreter, C1 and C2); the activations {@link #activate} computes
   * with arithmetic alone (ReLU, hard sigmoid, softsign) are its.
   *
   * @param act the activation
   * @param a the values
   * @param off offset of the first value
   * @param len the number of values
   */
  default void activateRepeatably(Activation act, float[] a, int off, int len) {
    activate(act, a, off, len);
  }

  /**
   * Softmax in place over {@code a[off .. off + len)}, subtracting the maximum first so that {@code
   * exp} cannot overflow.
   *
   * @param a the values
   * @param off offset of the first value
   * @param len the number of values
   */
  void softmax(float[] a, int off, int len);

  /**
   * {@link #softmax} as a training pass takes it: on vectors, the scalar kernels' softmax ({@code
   * Math.exp}, in double), where {@link #softmax} takes {@code VectorMath}'s exp in float (both the
   * same bits in every JIT tier).
   *
   * @param a the values
   * @param off offset of the first value
   * @param len the number of values
   */
  default void softmaxRepeatably(float[] a, int off, int len) {
    softmax(a, off, len);
  }

  /**
   * The LSTM state update. The gates are already activated and lie in four blocks of {@code stride}
   * floats from {@code gOff}, in the order input, forget, output, candidate: {@code i = gates[gOff
   * + j]}, {@code f = gates[gOff + stride + j]}, {@code o = gates[gOff + 2 * stride + j]}, {@code g
   * = gates[gOff + 3 * stride + j]}. For {@code j < len}: {@code c[j] = f * c[j] + i * g; h[j] = o
   * * act(c[j])}.
   *
   * @param gates the activated gates
   * @param gOff offset of the input gate block
   * @param stride distance between gate blocks, {@code >= len}
   * @param c the cell state, updated in place from index 0
   * @param h the hidden state, written from index 0
   * @param len the number of units
   * @param act the cell activation (Keras {@code activation}, usually tanh)
   */
  void lstmCell(float[] gates, int gOff, int stride, float[] c, float[] h, int len, Activation act);

  /**
   * The GRU state update of Keras' {@code reset_after=True} variant. {@code mx = x·W + b_input} and
   * {@code mh = h·U + b_recurrent} each hold three blocks of {@code stride} floats in the order
   * update, reset, candidate, not yet activated. For {@code j < len}: {@code z = recAct(mx_z +
   * mh_z); r = recAct(mx_r + mh_r); hh = act(mx_hh + r * mh_hh); h[j] = z * h[j] + (1 - z) * hh}.
   *
   * @param mx the input projection
   * @param mxOff offset of its update block
   * @param mh the recurrent projection; scratch, its blocks may be overwritten
   * @param mhOff offset of its update block
   * @param stride distance between blocks (in both arrays), {@code >= len}
   * @param h the hidden state, updated in place from index 0
   * @param len the number of units
   * @param act the candidate activation (Keras {@code activation})
   * @param recAct the gate activation (Keras {@code recurrent_activation})
   */
  void gruResetAfter(
      float[] mx,
      int mxOff,
      float[] mh,
      int mhOff,
      int stride,
      float[] h,
      int len,
      Activation act,
      Activation recAct);

  /**
   * Element-wise product {@code dst[dstOff + j] = a[aOff + j] * b[bOff + j]}. {@code dst} may be
   * the same range as {@code a} or {@code b}, but must not overlap them otherwise.
   *
   * @param a the first factors
   * @param aOff offset into {@code a}
   * @param b the second factors
   * @param bOff offset into {@code b}
   * @param dst the products
   * @param dstOff offset into {@code dst}
   * @param len the number of elements
   */
  void mul(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len);

  /**
   * The GRU blend {@code h[j] = z * h[j] + (1 - z) * hh} with {@code z = z[zOff + j]}, {@code hh =
   * hh[hhOff + j]}, for {@code j < len}.
   *
   * @param z the update gate, activated
   * @param zOff offset into {@code z}
   * @param hh the candidate state
   * @param hhOff offset into {@code hh}
   * @param h the hidden state, updated in place from index 0
   * @param len the number of units
   */
  void gruBlend(float[] z, int zOff, float[] hh, int hhOff, float[] h, int len);

  /**
   * Element-wise sum {@code dst[dstOff + j] = a[aOff + j] + b[bOff + j]}. {@code dst} may be the
   * same range as {@code a} or {@code b}, but must not overlap them otherwise.
   *
   * @param a the first terms
   * @param aOff offset into {@code a}
   * @param b the second terms
   * @param bOff offset into {@code b}
   * @param dst the sums
   * @param dstOff offset into {@code dst}
   * @param len the number of elements
   */
  void add(float[] a, int aOff, float[] b, int bOff, float[] dst, int dstOff, int len);

  /**
   * One LSTM timestep, whole: {@code z = projection + h·U}, the gates, and the state update. {@code
   * projection} holds the timestep's {@code x·W + b} in four blocks of {@code stride} floats from
   * {@code pOff}, in the packed order input, forget, output, candidate; {@code U} is {@code units ×
   * 4·stride}, row-major, blocks in the same order. For {@code j < units}: {@code i, f, o =
   * recAct(z_i, z_f, z_o); g = act(z_c); c[j] = f * c[j] + i * g; h[j] = o * act(c[j])}, every
   * {@code z} computed from the old {@code h}.
   *
   * <p>Vector implementations fuse the product, the gates and the update for Keras' default
   * activations (tanh, sigmoid) and compute them with {@code VectorMath}'s bounded-error rational
   * tanh (absolute error below 3e-7) rather than SVML's.
   *
   * @param projection the input projection
   * @param pOff offset of its input gate block
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 4·stride} floats
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param c the cell state, {@code c[0 .. units)} updated in place
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   * @param scratch at least {@code 4·stride} floats, overwritten
   * @param act the cell activation (Keras {@code activation})
   * @param recAct the gate activation (Keras {@code recurrent_activation})
   */
  void lstmStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct);

  /**
   * {@link #lstmStep} for fixed sizes and activations, as an object to keep: implementations may
   * specialise it to them (vector kernels do for small tanh/sigmoid layers, see {@code
   * SizedSteps}); by default it calls {@link #lstmStep} with them.
   *
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param act the cell activation
   * @param recAct the gate activation
   * @return the step
   */
  default LstmStep lstmStep(int units, int stride, Activation act, Activation recAct) {
    return (projection, offset, recurrentKernel, scratch, c, h) ->
        lstmStep(projection, offset, recurrentKernel, units, stride, c, h, scratch, act, recAct);
  }

  /**
   * The step of {@link #lstmStepPanels} for a layer of these sizes (the recurrent kernel in {@link
   * RecurrentPanels} layout), which implementations may specialise to them.
   *
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param act the cell activation
   * @param recAct the gate activation
   * @return the step
   */
  default LstmStep lstmStepPanels(int units, int stride, Activation act, Activation recAct) {
    return (projection, offset, recurrentPanels, scratch, c, h) ->
        lstmStepPanels(
            projection, offset, recurrentPanels, units, stride, c, h, scratch, act, recAct);
  }

  /**
   * {@link #lstmStep} with the recurrent kernel in {@link RecurrentPanels} layout, which streams
   * faster from L2 once it outgrows L1 (a layer of more than 64 units).
   *
   * @param projection the input projection
   * @param pOff offset of its input gate block
   * @param recurrentPanels {@code U} packed by {@link RecurrentPanels#pack} with 4 blocks
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param c the cell state, {@code c[0 .. units)} updated in place
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   * @param scratch at least {@code 4·stride} floats, overwritten
   * @param act the cell activation
   * @param recAct the gate activation
   */
  void lstmStepPanels(
      float[] projection,
      int pOff,
      float[] recurrentPanels,
      int units,
      int stride,
      float[] c,
      float[] h,
      float[] scratch,
      Activation act,
      Activation recAct);

  /**
   * {@link #lstmStep} for {@code batch} independent sequences at once, sharing every load of {@code
   * U} among several of them: the throughput form, for batch calls. Sequence {@code b}'s projection
   * starts at {@code pOff + b·pStride}, its state at {@code c[b·sStride]} and {@code h[b·sStride]};
   * each sequence's result equals {@link #lstmStep} on it alone, up to float rounding.
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections
   * @param pOff offset of sequence 0's input gate block
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 4·stride} floats
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param c the cell states, each {@code units} floats updated in place
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·4·stride} floats, overwritten
   * @param act the cell activation
   * @param recAct the gate activation
   */
  void lstmSteps(
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
      Activation recAct);

  /**
   * {@link #lstmSteps} for a training pass, leaving what the backward step reads: sequence {@code
   * b}'s activated gates (i, f, o, candidate, {@code 4·stride} floats) over its projection row at
   * {@code pOff + b·pStride}, and {@code act(c_t)} ({@code units} floats) at {@code keep[keepOff +
   * b·keepStride]}. The states computed equal {@link #lstmSteps}' (with {@code panels} {@link
   * #lstmStepsPanels}'), to float rounding where inference fuses the cell's update or where {@link
   * #activateRepeatably} differs from {@link #activate} (TrainingForwardTest).
   *
   * @param panels whether {@code recurrentKernel} is in {@link RecurrentPanels} layout (4 blocks)
   * @param keep where {@code act(c_t)} goes
   * @param keepOff offset of sequence 0's {@code act(c_t)}
   * @param keepStride distance between the sequences' {@code act(c_t)}
   */
  void lstmTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      boolean panels,
      int units,
      int stride,
      float[] c,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride);

  /**
   * {@link #lstmSteps} with the recurrent kernel in {@link RecurrentPanels} layout (layers wider
   * than one panel).
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections
   * @param pOff offset of sequence 0's input gate block
   * @param pStride distance between the sequences' projections
   * @param recurrentPanels {@code U} packed by {@link RecurrentPanels#pack} with 4 blocks
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param c the cell states, each {@code units} floats updated in place
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·4·stride} floats, overwritten
   * @param act the cell activation
   * @param recAct the gate activation
   */
  void lstmStepsPanels(
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
      Activation recAct);

  /**
   * One GRU timestep of Keras' {@code reset_after=True} variant, whole: {@code mh = h·U + b_rec},
   * then {@link #gruResetAfter} with {@code mx = projection}. Blocks update, reset, candidate of
   * {@code stride} floats; {@code U} is {@code units × 3·stride}, row-major. Fused like {@link
   * #lstmStep}.
   *
   * @param projection the input projection {@code x·W + b_input}
   * @param pOff offset of its update block
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 3·stride} floats
   * @param recurrentBias {@code b_rec} in three blocks, or null for none
   * @param rbOff offset of {@code b_rec}'s update block
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   * @param scratch at least {@code 3·stride} floats, overwritten
   * @param act the candidate activation (Keras {@code activation})
   * @param recAct the gate activation (Keras {@code recurrent_activation})
   */
  void gruStep(
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
      Activation recAct);

  /**
   * {@link #gruStep} for fixed sizes, activations and bias, as an object to keep: implementations
   * may specialise it to them (vector kernels do for small tanh/sigmoid layers with a recurrent
   * bias, see {@code SizedSteps}); by default it calls {@link #gruStep} with them.
   *
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param act the candidate activation
   * @param recAct the gate activation
   * @param withRecurrentBias whether the layer has {@code b_rec} (its steps pass it, not null)
   * @return the step
   */
  default GruStep gruStep(
      int units, int stride, Activation act, Activation recAct, boolean withRecurrentBias) {
    return (projection, offset, recurrentKernel, recurrentBias, rbOff, scratch, h) ->
        gruStep(
            projection,
            offset,
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
   * {@link #gruStep} for {@code batch} sequences at once, which vector implementations use to share
   * each load of {@code U} among several of them: the throughput form, for batch calls, as {@link
   * #lstmSteps} is for the LSTM. Sequence {@code b}'s projection starts at {@code pOff +
   * b·pStride}, its state at {@code h[b·sStride]}; each sequence's result equals {@link #gruStep}
   * on it alone, up to float rounding.
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections {@code x·W + b_input}
   * @param pOff offset of sequence 0's update block
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel {@code U}, {@code units} rows of {@code 3·stride} floats
   * @param recurrentBias {@code b_rec} in three blocks, or null for none
   * @param rbOff offset of {@code b_rec}'s update block
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·3·stride} floats, overwritten
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  void gruSteps(
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
      Activation recAct);

  /**
   * {@link #gruSteps} for a training pass, leaving what the backward step reads: sequence {@code
   * b}'s activated gates z, r and candidate hh ({@code 3·stride} floats) over its projection row at
   * {@code pOff + b·pStride}, and the recurrent candidate sum {@code mh_h = h_{t-1}·U_h + b_rec_h}
   * ({@code units} floats) at {@code keep[keepOff + b·keepStride]}. The states computed are
   * bit-identical to {@link #gruSteps}' (to {@link #gruStepsPanels}' with {@code panels}).
   *
   * @param panels whether {@code recurrentKernel} is in {@link RecurrentPanels} layout (3 blocks)
   * @param keep where {@code mh_h} goes
   * @param keepOff offset of sequence 0's {@code mh_h}
   * @param keepStride distance between the sequences' {@code mh_h}
   */
  void gruTrainingSteps(
      int batch,
      float[] projection,
      int pOff,
      int pStride,
      float[] recurrentKernel,
      boolean panels,
      float[] recurrentBias,
      int rbOff,
      int units,
      int stride,
      float[] h,
      int sStride,
      float[] scratch,
      Activation act,
      Activation recAct,
      float[] keep,
      int keepOff,
      int keepStride);

  /**
   * {@link #gruSteps} with the recurrent kernel in {@link RecurrentPanels} layout (layers wider
   * than one panel).
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections {@code x·W + b_input}
   * @param pOff offset of sequence 0's update block
   * @param pStride distance between the sequences' projections
   * @param recurrentPanels {@code U} packed by {@link RecurrentPanels#pack} with 3 blocks
   * @param recurrentBias {@code b_rec} in three blocks, or null for none
   * @param rbOff offset of {@code b_rec}'s update block
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·3·stride} floats, overwritten
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  void gruStepsPanels(
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
      Activation recAct);

  /**
   * The step of {@link #gruStepPanels} for a layer of these sizes (the recurrent kernel in {@link
   * RecurrentPanels} layout).
   *
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param act the candidate activation
   * @param recAct the gate activation
   * @return the step
   */
  default GruStep gruStepPanels(int units, int stride, Activation act, Activation recAct) {
    return (projection, offset, recurrentPanels, recurrentBias, rbOff, scratch, h) ->
        gruStepPanels(
            projection,
            offset,
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
   * {@link #gruStep} with the recurrent kernel in {@link RecurrentPanels} layout.
   *
   * @param projection the input projection {@code x·W + b_input}
   * @param pOff offset of its update block
   * @param recurrentPanels {@code U} packed by {@link RecurrentPanels#pack} with 3 blocks
   * @param recurrentBias {@code b_rec} in three blocks, or null for none
   * @param rbOff offset of {@code b_rec}'s update block
   * @param units the number of units
   * @param stride floats per gate block, {@code >= units}
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   * @param scratch at least {@code 3·stride} floats, overwritten
   * @param act the candidate activation
   * @param recAct the gate activation
   */
  void gruStepPanels(
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
      Activation recAct);

  /**
   * One SimpleRNN timestep, whole: {@code h[j] = act(projection[pOff + j] + (h·U)[j])} for {@code j
   * < units}, from the old {@code h}; {@code U} is {@code units × stride}, row-major. Fused for
   * tanh, like {@link #lstmStep}.
   *
   * @param projection the input projection
   * @param pOff offset of the timestep's first value
   * @param recurrentKernel {@code U}, {@code units} rows of {@code stride} floats
   * @param units the number of units
   * @param stride the row stride of {@code U}, {@code >= units}
   * @param h the hidden state, {@code h[0 .. units)} read, then overwritten
   * @param scratch at least {@code stride} floats, overwritten
   * @param act the activation
   */
  void simpleRnnStep(
      float[] projection,
      int pOff,
      float[] recurrentKernel,
      int units,
      int stride,
      float[] h,
      float[] scratch,
      Activation act);

  /**
   * {@link #simpleRnnStep} for fixed sizes and activation, as an object to keep: implementations
   * may specialise it to the sizes (vector kernels do for small tanh layers, see {@code
   * SizedSteps}); by default it calls {@link #simpleRnnStep} with them.
   *
   * @param units the number of units
   * @param stride the row stride of {@code U}, {@code >= units}
   * @param act the activation
   * @return the step
   */
  default SimpleRnnStep simpleRnnStep(int units, int stride, Activation act) {
    return (projection, offset, recurrentKernel, h, scratch) ->
        simpleRnnStep(projection, offset, recurrentKernel, units, stride, h, scratch, act);
  }

  /**
   * {@link #simpleRnnStep} for {@code batch} sequences at once, sharing each load of {@code U}
   * among several of them in vector implementations (the batch calls' form, as {@link #lstmSteps}).
   * Sequence {@code b}'s projection starts at {@code pOff + b·pStride}, its state at {@code
   * h[b·sStride]}; each sequence's result equals {@link #simpleRnnStep} on it alone, up to float
   * rounding.
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections
   * @param pOff offset of sequence 0's first value
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel {@code U}, {@code units} rows of {@code stride} floats
   * @param units the number of units
   * @param stride the row stride of {@code U}, {@code >= units}
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·stride} floats, overwritten
   * @param act the activation
   */
  void simpleRnnSteps(
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
      Activation act);

  /**
   * {@link #simpleRnnSteps} for a training pass: the same step, its activation {@link
   * #activateRepeatably}'s, so that a fit repeats bit for bit however warm the JIT is (the fused
   * vector step's tanh is that function already; the composed step's is not otherwise).
   *
   * @param batch the number of sequences, {@code >= 0}
   * @param projection the input projections
   * @param pOff offset of sequence 0's first value
   * @param pStride distance between the sequences' projections
   * @param recurrentKernel {@code U}, {@code units} rows of {@code stride} floats
   * @param units the number of units
   * @param stride the row stride of {@code U}, {@code >= units}
   * @param h the hidden states, each {@code units} floats read, then overwritten
   * @param sStride distance between the sequences' states, {@code >= units}
   * @param scratch at least {@code batch·stride} floats, overwritten
   * @param act the activation
   */
  default void simpleRnnTrainingSteps(
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
    simpleRnnSteps(
        batch, projection, pOff, pStride, recurrentKernel, units, stride, h, sStride, scratch, act);
  }

  /**
   * A short human-readable name of the implementation, e.g. {@code "Vector API, 512-bit (16
   * floats)"} or {@code "scalar"}.
   *
   * @return the description
   */
  String description();
}
