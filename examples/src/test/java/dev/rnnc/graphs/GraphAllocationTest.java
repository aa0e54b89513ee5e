package dev.rnnc.graphs;

import static dev.rnnc.testing.Allocations.assertAllocatesNothing;

import org.junit.jupiter.api.Test;

/**
 * Graph models allocate nothing per allocation-free call once warm, like chain models (counted by
 * {@code dev.rnnc.testing.Allocations}): several inputs of variable length grow their arrays once,
 * merges and shared layers write into owned scratch.
 */
class GraphAllocationTest {
  @Test
  void encoderDecoderWithTwoVariableInputsAllocatesNothing() {
    var model = RnncMultiInputModels_Seq2Seq.create(7);
    int[] encoder = {3, 14, 15, 9, 26, 5};
    int[] decoder = {2, 7, 18, 28};
    float[] out = new float[10];
    assertAllocatesNothing(() -> model.predictInto(encoder, decoder, out), "predictInto");
  }
}
