package dev.rnnc.runtime.simd;

import dev.rnnc.runtime.Variable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A 64-byte aligned off-heap copy of a recurrent kernel variable's storage, for the steps that read
 * U from it ({@link AlignedLstmStep}, {@link AlignedGruStep}): a 512-bit load that straddles two
 * cache lines, as most loads from a heap array do (its data lies 16 bytes past an 8-byte aligned
 * object), costs about twice one that does not, from L2 (a kernel too large for L1 streams from it
 * every step) and from L1 alike (docs/performance.md).
 *
 * <p>The copy follows the {@link Variable}: {@link #current} compares the variable's {@link
 * Variable#version()} with the one the copy was made from and copies again when they differ, so
 * {@code set}, {@code initialize}, loading and training (whose in-place updates call {@link
 * Variable#changed}) keep it current; a write to {@link Variable#storage()} that skips {@code
 * changed()} would leave it stale.
 */
final class AlignedKernel {
  private final Variable variable;
  private final float[] storage;
  private MemorySegment copy;
  private volatile int copiedFrom = -1;

  AlignedKernel(Variable variable) {
    this.variable = variable;
    this.storage = variable.storage();
  }

  /** Whether {@code array} is the variable's storage, which {@link #current} copies. */
  boolean copies(float[] array) {
    return array == storage;
  }

  /** The aligned copy, made again first if the variable changed since it was made. */
  MemorySegment current() {
    int version = variable.version();
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
