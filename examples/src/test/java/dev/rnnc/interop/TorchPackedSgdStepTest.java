package dev.rnnc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnnc.runtime.io.PyTorchWeights;
import org.junit.jupiter.api.Test;

/**
 * One SGD step of the generated {@code fit(x, @Packed int[] lengths, y, options)} against {@code
 * torch.autograd} through {@code pack_padded_sequence} (tools/goldens/torch_packed_sgd_step.py):
 * the same check as {@link TorchSgdStepTest} (each weight's change minus PyTorch's gradient within
 * 1e-5 of the variable's largest gradient, the loss within 1e-5 relative), on a batch of unsorted
 * lengths 5, 2, 4, 1, 3, 5. Covers h_n of a GRU and of a 2-layer bidirectional GRU (the backward
 * direction starting at each row's last real step), and every padded timestep of a bidirectional
 * LSTM and a 2-layer LSTM (zeros past the length, the loss over the real timesteps); and a model
 * with two inputs, each packed by its own lengths; and token ids packed after their embedding.
 */
class TorchPackedSgdStepTest {

  @Test
  void gruHn() throws Exception {
    TorchSgdStepTest.check(
        "packed_gru_last",
        RnncTorchPackedSgdModels_GruLast.create(0),
        RnncTorchPackedSgdModels_GruLast.create(0),
        (m, b) -> ((TorchPackedSgdModels.GruLast) m).fit(b.x(), lengths(b), b.y(), b.options()));
  }

  @Test
  void bidirectionalLstmEveryTimestep() throws Exception {
    TorchSgdStepTest.check(
        "packed_bilstm_every",
        RnncTorchPackedSgdModels_BiLstmEvery.create(0),
        RnncTorchPackedSgdModels_BiLstmEvery.create(0),
        (m, b) ->
            ((TorchPackedSgdModels.BiLstmEvery) m)
                .fit(b.x(), lengths(b), b.sequenceY(), b.options()));
  }

  @Test
  void bidirectionalGruNumLayersHn() throws Exception {
    TorchSgdStepTest.check(
        "packed_bigru_num_layers_last",
        RnncTorchPackedSgdModels_BiGruNumLayersLast.create(0),
        RnncTorchPackedSgdModels_BiGruNumLayersLast.create(0),
        (m, b) ->
            ((TorchPackedSgdModels.BiGruNumLayersLast) m)
                .fit(b.x(), lengths(b), b.y(), b.options()));
  }

  @Test
  void lstmNumLayersEveryTimestep() throws Exception {
    TorchSgdStepTest.check(
        "packed_lstm_num_layers_every",
        RnncTorchPackedSgdModels_LstmNumLayersEvery.create(0),
        RnncTorchPackedSgdModels_LstmNumLayersEvery.create(0),
        (m, b) ->
            ((TorchPackedSgdModels.LstmNumLayersEvery) m)
                .fit(b.x(), lengths(b), b.sequenceY(), b.options()));
  }

  /**
   * Two inputs each packed by its own lengths ({@code fit(a, @Packed aLengths, b, @Packed bLengths,
   * y, options)}): a GRU's and a bidirectional LSTM's h_n into one head.
   */
  @Test
  void twoInputsEachPackedByItsOwnLengths() throws Exception {
    TorchSgdStepTest.check(
        "packed_two_encoders",
        RnncTorchPackedSgdModels_TwoEncoders.create(0),
        RnncTorchPackedSgdModels_TwoEncoders.create(0),
        (m, batch) ->
            ((TorchPackedSgdModels.TwoEncoders) m)
                .fit(
                    batch.x(),
                    lengths(batch),
                    batch.fixture().floats3("b"),
                    lengths(batch, "b_lengths"),
                    batch.y(),
                    batch.options()));
  }

  /**
   * Token ids packed after their embedding ({@code fit(int[][] ids, @Packed int[] lengths, y,
   * options)}): a GRU's h_n into a head; the embedding table's gradient is its real ids' only.
   */
  @Test
  void embeddedIdsGruHn() throws Exception {
    TorchSgdStepTest.check(
        "packed_tokens_gru_last",
        RnncTorchPackedSgdModels_TokensGruLast.create(0),
        RnncTorchPackedSgdModels_TokensGruLast.create(0),
        (m, b) ->
            ((TorchPackedSgdModels.TokensGruLast) m).fit(ids(b), lengths(b), b.y(), b.options()));
  }

  /** Token ids packed after their embedding, an LSTM's every padded timestep into a head. */
  @Test
  void embeddedIdsLstmEveryTimestep() throws Exception {
    TorchSgdStepTest.check(
        "packed_tokens_lstm_every",
        RnncTorchPackedSgdModels_TokensLstmEvery.create(0),
        RnncTorchPackedSgdModels_TokensLstmEvery.create(0),
        (m, b) ->
            ((TorchPackedSgdModels.TokensLstmEvery) m)
                .fit(ids(b), lengths(b), b.sequenceY(), b.options()));
  }

  /**
   * Token ids packed after their embedding beside a packed series ({@code fit(int[][] ids, @Packed
   * idsLengths, float[][][] series, @Packed seriesLengths, y, options)}): a GRU's and an LSTM's h_n
   * into one head; the embedding table's gradient is its real ids' only.
   */
  @Test
  void idsPackedAfterTheirEmbeddingBesideASeries() throws Exception {
    TorchSgdStepTest.check(
        "packed_ids_and_series",
        RnncTorchPackedSgdModels_IdsAndSeries.create(0),
        RnncTorchPackedSgdModels_IdsAndSeries.create(0),
        (m, batch) ->
            ((TorchPackedSgdModels.IdsAndSeries) m)
                .fit(
                    ids(batch),
                    lengths(batch),
                    batch.fixture().floats3("series"),
                    lengths(batch, "series_lengths"),
                    batch.y(),
                    batch.options()));
    // evaluate before any step: PyTorch's loss on the same packed batch
    var model = RnncTorchPackedSgdModels_IdsAndSeries.create(0);
    InteropFixture f = InteropFixture.load("torch", "sgd_packed_ids_and_series");
    PyTorchWeights.load(
        InteropFixture.resource("torch/sgd_packed_ids_and_series.safetensors"), model);
    double loss = f.get("loss").asDouble();
    double evaluated =
        model
            .evaluate(
                f.ints2("ids"),
                ints(f.get("lengths")),
                f.floats3("series"),
                ints(f.get("series_lengths")),
                InteropFixture.floats2(f.get("y")))
            .get("loss");
    assertEquals(loss, evaluated, 1e-5 * Math.abs(loss), "evaluate's loss");
  }

  private static int[][] ids(TorchSgdStepTest.Batch batch) {
    JsonNode node = batch.fixture().get("ids");
    int[][] ids = new int[node.size()][];
    for (int b = 0; b < ids.length; b++) {
      ids[b] = new int[node.get(b).size()];
      for (int t = 0; t < ids[b].length; t++) {
        ids[b][t] = node.get(b).get(t).asInt();
      }
    }
    return ids;
  }

  private static int[] lengths(TorchSgdStepTest.Batch batch) {
    return lengths(batch, "lengths");
  }

  private static int[] lengths(TorchSgdStepTest.Batch batch, String name) {
    return ints(batch.fixture().get(name));
  }

  private static int[] ints(JsonNode node) {
    int[] lengths = new int[node.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = node.get(i).asInt();
    }
    return lengths;
  }
}
