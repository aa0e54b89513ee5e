package dev.rnnc.interop;

import static dev.rnnc.parity.FixtureArrays.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnnc.parity.FixtureArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Packed} lengths on a model with two inputs compute what PyTorch 2.13 computes on a
 * two-encoder module packing each input with its own lengths (≤ 1e-5; fixtures:
 * tools/goldens/pytorch_packed_several_inputs.py): each encoder's h_n at its row's last real step,
 * the bidirectional encoder's reverse starting there; from zero states and from left's h_0, c_0 in
 * both layouts. The fixtures' padding is random, which PyTorch never reads.
 */
class PackedSeveralInputsTest {
  private static final String CASE = "packed_two_encoders";
  private static final String STREAMS = "packed_two_streams";
  private static final String IDS = "packed_ids_and_series";

  @TempDir Path dir;

  @Test
  void twoEncodersMatchPyTorchInEveryForm() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoEncoders.load(file());
    JsonNode f = fixture();
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    int[] aLengths = ints(f.get("a_lengths"));
    int[] bLengths = ints(f.get("b_lengths"));
    assertClose("classify", f.get("expected"), model.classify(a, aLengths, b, bLengths));
    float[][] out = new float[a.length][3];
    model.classifyInto(a, aLengths, b, bLengths, out);
    assertClose("classifyInto", f.get("expected"), out);
    PackedSeveralInputsModels.Parts[] parts = model.parts(a, aLengths, b, bLengths);
    for (int r = 0; r < a.length; r++) {
      assertClose("left h_n " + r, f.get("left").get(r), parts[r].left());
      assertClose("right h_n, forward and reverse " + r, f.get("right").get(r), parts[r].right());
      assertClose("head " + r, f.get("expected").get(r), parts[r].head());
    }
  }

  @Test
  void anInputWithoutLengthsIsReadWhole() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoEncoders.load(file());
    JsonNode f = fixture();
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    int[] aLengths = ints(f.get("a_lengths"));
    assertClose("b whole", f.get("expected_b_full"), model.classify(a, aLengths, b));
  }

  @Test
  void leftStartsFromPyTorchsInitialStatesInBothLayouts() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoEncoders.load(file());
    JsonNode f = fixture();
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    int[] aLengths = ints(f.get("a_lengths"));
    int[] bLengths = ints(f.get("b_lengths"));
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0")); // (1, B, 4)
    float[][][] c0 = FixtureArrays.floats3(f.get("c_0"));
    assertClose(
        "a row per sample",
        f.get("expected_from_h0"),
        model.classify(a, aLengths, b, bLengths, h0[0], c0[0]));
    assertClose(
        "PyTorch's layout",
        f.get("expected_from_h0"),
        model.classify(a, aLengths, b, bLengths, h0, c0));
    // the next call starts from zeros again
    assertClose("from zeros", f.get("expected"), model.classify(a, aLengths, b, bLengths));
  }

  @Test
  void thePaddingMattersUnpacked() throws IOException {
    // the fixtures' padding is random: read whole, the rows with padding give other numbers
    var model = RnncPackedSeveralInputsModels_TwoEncoders.load(file());
    JsonNode f = fixture();
    float[][] whole =
        model.classifyWhole(FixtureArrays.floats3(f.get("a")), FixtureArrays.floats3(f.get("b")));
    // row 1: a 2 of 7 steps long
    double expected = f.get("expected").get(1).get(0).asDouble();
    assertTrue(Math.abs(whole[1][0] - expected) > 1e-3, "padding read when unpacked");
  }

  @Test
  void badLengthsNameTheirParameter() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoEncoders.load(file());
    float[][][] a = new float[2][4][3];
    float[][][] b = new float[2][6][2];
    var tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.classify(a, new int[] {4, 1}, b, new int[] {7, 2}));
    assertTrue(tooLong.getMessage().startsWith("bLengths[0] is 7"), tooLong.getMessage());
    var tooFew =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.classify(a, new int[] {4}, b, new int[] {6, 2}));
    assertTrue(tooFew.getMessage().contains("aLengths"), tooFew.getMessage());
  }

  @Test
  void eachDirectionOfTwoPackedStreamsMatchesPyTorch() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoStreams.load(file(STREAMS));
    JsonNode f = fixture(STREAMS);
    float[][][] a = FixtureArrays.floats3(f.get("a"));
    float[][][] b = FixtureArrays.floats3(f.get("b"));
    int[] lengths = ints(f.get("lengths"));
    // zero past each row's length; the reverse direction starts at the row's last real step
    assertClose("@Forward", f.get("forward"), model.forward(a, lengths, b, lengths));
    assertClose("@Backward", f.get("backward"), model.backward(a, lengths, b, lengths));
    PackedSeveralInputsModels.Directions[] both = model.run(a, lengths, b, lengths);
    for (int r = 0; r < a.length; r++) {
      assertClose("forward " + r, f.get("forward").get(r), both[r].forward());
      assertClose("backward " + r, f.get("backward").get(r), both[r].backward());
    }
    float[][][] h0 = FixtureArrays.floats3(f.get("h_0")); // (2, B, 4)
    assertClose(
        "@Backward from h_0",
        f.get("backward_from_h0"),
        model.backward(a, lengths, b, lengths, h0));
    float[][][] out = new float[a.length][6][4];
    model.forwardInto(a, lengths, b, lengths, h0, out);
    assertClose("@Forward into, from h_0", f.get("forward_from_h0"), out);
    // row 0 is real at every step: one sample unpacked, PyTorch's h_0 rows of that sample
    assertTrue(lengths[0] == 6, "row 0 is whole");
    float[][] rowH0 = {h0[0][0], h0[1][0]};
    assertClose(
        "@Forward, one sample, from its h_0 rows",
        f.get("forward_from_h0").get(0),
        model.forwardWhole(a[0], b[0], rowH0));
  }

  @Test
  void unpackedDirectionsReadThePadding() throws IOException {
    var model = RnncPackedSeveralInputsModels_TwoStreams.load(file(STREAMS));
    JsonNode f = fixture(STREAMS);
    float[][][] whole =
        model.backwardWhole(FixtureArrays.floats3(f.get("a")), FixtureArrays.floats3(f.get("b")));
    // row 1 is 2 of 6 steps long: read whole, its reverse starts in the padding
    double packed = f.get("backward").get(1).get(0).get(0).asDouble();
    assertTrue(Math.abs(whole[1][0][0] - packed) > 1e-3, "padding read when unpacked");
  }

  @Test
  void seq2seqDecoderStartsFromTheEncodersLastRealStep() throws IOException {
    var model = RnncPackedSeveralInputsModels_Seq2Seq.load(file("packed_seq2seq"));
    JsonNode f = fixture("packed_seq2seq");
    // zero past each row's target length; the encoder's h_n of its last real source step
    assertClose(
        "decode",
        f.get("expected"),
        model.decode(
            FixtureArrays.floats3(f.get("source")),
            ints(f.get("source_lengths")),
            FixtureArrays.floats3(f.get("target")),
            ints(f.get("target_lengths"))));
  }

  /**
   * Token ids packed after their embedding beside a packed float sequence: each encoder's h_n at
   * its own row's last real step, in the plain and into forms, with the series read whole, and from
   * words' h_0, c_0 in PyTorch's layout.
   */
  @Test
  void idsPackedAfterTheirEmbeddingBesideASeriesMatchPyTorch() throws IOException {
    var model = RnncPackedSeveralInputsModels_IdsAndSeries.load(file(IDS));
    JsonNode f = fixture(IDS);
    int[][] ids = FixtureArrays.ints2(f.get("ids"));
    int[] idsLengths = ints(f.get("ids_lengths"));
    float[][][] series = FixtureArrays.floats3(f.get("series"));
    int[] seriesLengths = ints(f.get("series_lengths"));
    assertTrue(idsLengths[0] == 7 && seriesLengths[1] == 6, "full-length rows of each input");
    assertClose(
        "classify", f.get("expected"), model.classify(ids, idsLengths, series, seriesLengths));
    float[][] out = new float[ids.length][2];
    model.classifyInto(ids, idsLengths, series, seriesLengths, out);
    assertClose("classifyInto", f.get("expected"), out);
    assertClose(
        "series whole", f.get("expected_series_whole"), model.classify(ids, idsLengths, series));
    assertClose(
        "PyTorch's h_0, c_0",
        f.get("expected_from_h0"),
        model.classify(
            ids,
            idsLengths,
            series,
            seriesLengths,
            FixtureArrays.floats3(f.get("h_0")),
            FixtureArrays.floats3(f.get("c_0"))));
    // read whole, the rows with padding give other numbers (row 1: ids 2 of 7 steps long)
    float[][] whole = model.classifyWhole(ids, series);
    double expected = f.get("expected_series_whole").get(1).get(0).asDouble();
    assertTrue(Math.abs(whole[1][0] - expected) > 1e-3, "padding ids read when unpacked");
  }

  private static int[] ints(JsonNode node) {
    int[] values = new int[node.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = node.get(i).asInt();
    }
    return values;
  }

  private static JsonNode fixture() throws IOException {
    return fixture(CASE);
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        PackedSeveralInputsTest.class.getResourceAsStream("/fixtures/torch/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private Path file() throws IOException {
    return file(CASE);
  }

  private Path file(String name) throws IOException {
    Path file = dir.resolve(name + ".safetensors");
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/torch/" + name + ".safetensors")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
