package dev.rnnc.runtime.simd;

import dev.rnnc.runtime.Variable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An LSTM step that reads its layer's recurrent kernel (in {@link RecurrentPanels} layout) from a
 * 64-byte aligned off-heap copy: a kernel too large for L1 streams from L2 every step, and there a
 * 512-bit load that straddles two cache lines, as most loads from a heap array do, costs about
 * twice one that does not (measured on a Xeon, docs/performance.md). One per model, shared by its
 * copies as they share the weights.
 *
 * <p>The copy follows the {@link Variable}: a step compares the variable's {@link
 * Variable#version()} with the one the copy was made from and copies again when they differ, so
 * {@code set}, {@code initialize} and loading keep it current. Writes that bypass the version
 * (training's in-place updates) would leave it stale, so generated code uses this step only in
 * models that declare no training call. A step given another array than the variable's storage runs
 * the shared kernel on that array.
 */
final class AlignedLstmStep implements LstmStep {
  /** A step over a recurrent kernel held in a 64-byte aligned segment. */
  interface OverSegment {
    /**
     * {@link LstmStep#step} with {@code U} read from {@code recurrentKernel}.
     *
     * @param recurrentKernel {@code U} in panels, 64-byte aligned
     */
    void step(
        float[] projection,
        int offset,
        MemorySegment recurrentKernel,
        float[] scratch,
        float[] c,
        float[] h);
  }

  private final Variable recurrentKernel;
  private final float[] storage;
  private final OverSegment aligned;
  private final LstmStep shared;
  private MemorySegment copy;
  private volatile int copiedFrom = -1;

  /**
   * @param recurrentKernel the layer's recurrent kernel, whose storage is in panels
   * @param aligned the step over the aligned copy
   * @param shared the step over an array, for any other array than the variable's storage
   */
  AlignedLstmStep(Variable recurrentKernel, OverSegment aligned, LstmStep shared) {
    this.recurrentKernel = recurrentKernel;
    this.storage = recurrentKernel.storage();
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
    if (recurrentKernel != storage) {
      shared.step(projection, offset, recurrentKernel, scratch, c, h);
      return;
    }
    aligned.step(projection, offset, current(), scratch, c, h);
  }

  /** The aligned copy, made again first if the variable changed since it was made. */
  private MemorySegment current() {
    int version = recurrentKernel.version();
    if (version != copiedFrom) {
      synchronized (this) {
        if (version != copiedFrom) {
          if (copy == null) {
            copy = Arena.ofAuto().allocate(4L * storage.length, 64);
          }
          MemorySegment.copy(storage, 0, copy, ValueLayout.JAVA_FLOAT, 0, storage.length);
          copiedFrom = version; // after the values: a step that reads this version reads them
        }
      }
    }
    return copy;
  }
}
