package dev.rnnc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnnc.runtime.simd.Kernels;
import org.junit.jupiter.api.Test;

/** The parity suite runs once per forced vector width; this checks the width really was forced. */
class KernelChoiceTest {
  @Test
  void forcedWidthIsTheOneInUse() {
    String forced = System.getProperty("rnnc.vectorBitSize");
    String expected = forced == null ? null : forced.equals("0") ? "scalar" : forced + "-bit";
    if (expected != null) {
      assertEquals(true, Kernels.description().contains(expected), Kernels.description());
    } else {
      assertEquals(true, Kernels.description().startsWith("Vector API"), Kernels.description());
    }
  }
}
