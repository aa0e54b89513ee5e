package dev.rnnc.processor.spec;

import dev.rnnc.runtime.PackedLayout;
import dev.rnnc.runtime.simd.RecurrentPanels;

/**
 * The packing constants the generated code and the runtime kernels must agree on, owned by the
 * runtime and read from it here. Only compile-time constants are read: javac copies them into the
 * processor's classes, so the processor needs the runtime to compile (scope {@code provided}) but
 * not on a user's processor path.
 */
public final class Packing {
  private Packing() {}

  /** Floats per packed gate block: the widest vector, {@code PackedLayout.ALIGN}. */
  public static final int ALIGN = PackedLayout.ALIGN;

  /** Columns per panel of a recurrent kernel stored in panels, {@code RecurrentPanels.WIDTH}. */
  public static final int PANEL_WIDTH = RecurrentPanels.WIDTH;

  /** Rounds up to {@link #ALIGN}, as {@code PackedLayout.padded}. */
  public static int padded(int n) {
    return (n + ALIGN - 1) / ALIGN * ALIGN;
  }
}
