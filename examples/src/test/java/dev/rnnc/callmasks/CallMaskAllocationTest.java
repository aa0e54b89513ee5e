package dev.rnnc.callmasks;

import static dev.rnnc.testing.Allocations.assertAllocatesNothing;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The {@code into} forms that pass a mask allocate nothing once warm (counted by {@code
 * dev.rnnc.testing.Allocations}): the mask is copied into the model's own array, lengths are
 * written into it.
 */
class CallMaskAllocationTest {
  @Test
  void maskedIntoCallsAllocateNothing() {
    var model = RnncCallMaskModels_CallMaskBidirectional.create(3);
    float[][] x = new float[5][3];
    for (float[] row : x) {
      Arrays.fill(row, 0.5f);
    }
    boolean[] mask = {true, false, true, true, false};
    float[] out = new float[2];
    assertAllocatesNothing(() -> model.predictInto(x, mask, out), "predictInto(x, mask, out)");
    float[][][] batch = {x, x, x};
    boolean[][] masks = {mask, mask, mask};
    int[] lengths = {5, 2, 0};
    float[][] outs = new float[3][2];
    assertAllocatesNothing(
        () -> model.predictInto(batch, masks, outs), "predictInto(batch, masks, outs)");
    assertAllocatesNothing(
        () -> model.predictInto(batch, lengths, outs), "predictInto(batch, lengths, outs)");
  }

  @Test
  void variableLengthMaskedIntoCallsAllocateNothing() {
    var model = RnncCallMaskModels_CallMaskVariable.create(3);
    float[][] x = new float[9][2];
    boolean[] mask = new boolean[9];
    Arrays.fill(mask, 0, 6, true);
    float[] out = new float[3];
    assertAllocatesNothing(() -> model.predictInto(x, mask, out), "predictInto(x, mask, out)");
  }
}
