package dev.rnnc.callmasks;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Masks passed per input to a model with two sequence inputs reproduce Keras 3.15's {@code
 * model([a, b], mask=[maskA, maskB])} (≤ 1e-5; fixtures:
 * tools/goldens/keras_call_masks_several_inputs.py): boolean masks and lengths in a batch, one
 * sample, the {@code into} form, and a mask on one input only ({@code mask=[maskA, None]}); the two
 * inputs' masks differ row by row, and their padding is random.
 */
class SeveralInputsCallMasksTest {

  @Test
  void twoEncodersEachReadTheirOwnMask() throws IOException {
    String name = "call_masks_two_encoders";
    check(name, RnncSeveralInputsCallMaskModels_TwoEncoders.load(CallMasksTest.weights(name)));
  }

  @Test
  void mergedSequencesCombineTheMasks() throws IOException {
    String name = "call_masks_merged_sequences";
    check(name, RnncSeveralInputsCallMaskModels_MergedSequences.load(CallMasksTest.weights(name)));
  }

  @Test
  void badMasksAreRefusedNamingExpectedAndActual() throws IOException {
    String name = "call_masks_two_encoders";
    var model = RnncSeveralInputsCallMaskModels_TwoEncoders.load(CallMasksTest.weights(name));
    float[][][] a = new float[2][6][3];
    float[][][] b = new float[2][5][2];
    var rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(a, new boolean[2][6], b, new boolean[1][5]));
    assertEquals(
        "bMask has 1 entries; expected one per sample of the batch (2)", rows.getMessage());
    var length =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(a, new int[] {6, 6}, b, new int[] {5, 6}));
    assertEquals(
        "bLengths[1] is 6; expected a length in [0, 5], the timesteps of sample 1",
        length.getMessage());
    var one =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.predict(a[0], new boolean[5], b[0], new boolean[5]));
    assertEquals(
        "aMask has 5 entries; expected one per timestep of its sample (6)", one.getMessage());
  }

  private static void check(String name, SeveralInputsCallMaskModels.Calls model) {
    JsonNode f = CallMasksTest.fixture(name);
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    boolean[][] maskA = CallMasksTest.booleans(f.get("mask_a"));
    boolean[][] maskB = CallMasksTest.booleans(f.get("mask_b"));
    assertClose(name + " masks", f.get("expected"), model.predict(a, maskA, b, maskB));
    assertClose(
        name + " lengths",
        f.get("expected_lengths"),
        model.predict(
            a, CallMasksTest.ints(f.get("lengths_a")), b, CallMasksTest.ints(f.get("lengths_b"))));
    assertClose(name + " mask a only", f.get("expected_mask_a_only"), model.predict(a, maskA, b));
    float[][] out = new float[a.length][2];
    model.predictInto(a, maskA, b, maskB, out);
    assertClose(name + " into", f.get("expected"), out);
    for (int row = 0; row < a.length; row++) {
      assertClose(
          name + " one sample " + row,
          f.get("expected").get(row),
          model.predict(a[row], maskA[row], b[row], maskB[row]));
    }
    // unmasked right after masked calls: the masks were not left behind
    assertClose(name + " no masks", f.get("expected_unmasked"), model.predict(a, b));
  }
}
