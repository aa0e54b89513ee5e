package dev.rnnc.runtime.simd;

import java.lang.foreign.MemorySegment;

/**
 * An LSTM step that reads its layer's recurrent kernel (in {@link RecurrentPanels} layout, or
 * row-major for a layer one or two vectors wide) from an {@link AlignedKernel}, one per model,
 * shared by its copies as they share the weights. A step given another array than the variable's
 * storage runs the shared kernel on that array.
 */
final class AlignedLstmStep implements LstmStep {
  /** A step over a recurrent kernel held in a 64-byte aligned segment. */
  interface OverSegment {
    /**
     * {@link LstmStep#step} with {@code U} read from {@code recurrentKernel}.
     *
     * @param recurrentKernel {@code U} in the step's layout, 64-byte aligned
     */
    void step(
        float[] projection,
        int offset,
        MemorySegment recurrentKernel,
        float[] scratch,
        float[] c,
        float[] h);
  }

  private final AlignedKernel kernel;
  private final OverSegment aligned;
  private final LstmStep shared;

  /**
   * @param kernel the aligned copy of the layer's recurrent kernel
   * @param aligned the step over the aligned copy
   * @param shared the step over an array, for any other array than the variable's storage
   */
  AlignedLstmStep(AlignedKernel kernel, OverSegment aligned, LstmStep shared) {
    this.kernel = kernel;
    this.aligned = aligned;
    this.shared = shared;
  }

  @Override
  public void step(
      float[] projection,
      int offset,
      float[] recurrentKernel,
      float[] scratch,
      float[] c,
      float[] h) {
    if (kernel.copies(recurrentKernel)) {
      aligned.step(projection, offset, kernel.current(), scratch, c, h);
    } else {
      shared.step(projection, offset, recurrentKernel, scratch, c, h);
    }
  }
}
