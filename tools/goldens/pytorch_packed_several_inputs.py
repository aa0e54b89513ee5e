"""Fixtures for rnnc's @Packed lengths on a model with several inputs: PyTorch's packed
variable-length batches, one pack_padded_sequence per sequence input.

Two cases, each an nn.Module in eval mode whose submodules are named like the Java twin's layers.

A two-encoder nn.Module in eval mode, as a PyTorch user writes one: forward(a, a_lengths, b,
b_lengths) packs each input with its own lengths (batch_first=True, enforce_sorted=False),
runs `left` = nn.LSTM(3, 4) on a and `right` = nn.GRU(2, 5, bidirectional=True) on b, and
feeds h_n of both (left's, then right's forward and reverse rows) concatenated into `head` =
nn.Linear(14, 3). Each encoder's h_n is that of the row's last real step, and right's reverse
direction starts there. The padding holds random values PyTorch never reads. Helpers (weights,
initial states) come from pytorch_packed.py, the one-input twin of this script.

Writes examples/src/test/resources/fixtures/torch/packed_two_encoders.safetensors (the
state_dict) and .json: "a" (B, Ta, 3), "a_lengths" (B,), "b" (B, Tb, 2), "b_lengths" (B,);
"expected" (B, 3) the head, "left" (B, 4) left's h_n[-1], "right" (B, 10) right's h_n forward
then reverse; "expected_b_full" the head with b unpacked (every step of b real); "h_0", "c_0"
(1, B, 4) random initial states of left with "expected_from_h0" and "left_from_h0". The Java
twin is examples/src/test/java/dev/rnnc/interop/PackedSeveralInputsModels.java.

packed_two_streams: two feature streams of the same sequences, a (B, 6, 3) and b (B, 6, 2), with
one lengths tensor; forward(a, a_lengths, b, b_lengths) packs cat([a, b], -1) (a_lengths ==
b_lengths) into `rnn` = nn.GRU(5, 4, bidirectional=True) and returns its padded output apart per
direction (zero past each row's length; the reverse starts at the row's last real step), as
rnnc's @Forward / @Backward calls of a @Bidirectional(mergeMode = "none") layer. Writes "a", "b",
"lengths", "forward", "backward" (B, 6, 4) from zero states, "h_0" (2, B, 4) and
"forward_from_h0", "backward_from_h0".

packed_seq2seq: `encoder` = nn.GRU(2, 4) on pack_padded_sequence(source, source_lengths); its h_n
starts `decoder` = nn.GRU(3, 4) on pack_padded_sequence(target, target_lengths), whose padded
output (zero past each row's target length) is the result, as rnnc's @InitialState decoder.
Writes "source" (B, 5, 2), "source_lengths", "target" (B, 4, 3), "target_lengths", "expected"
(B, 4, 4).

packed_ids_and_series: token ids and a float sequence, as a PyTorch user packs ids after their
embedding: forward(ids, ids_lengths, series, series_lengths) runs `words` = nn.LSTM(3, 5) on
pack_padded_sequence(embed(ids), ids_lengths) (`embed` = nn.Embedding(11, 3)), `values` =
nn.GRU(2, 4) on pack_padded_sequence(series, series_lengths), and `head` = nn.Linear(9, 2) on both
h_n concatenated (words' first). Writes "ids" (B, 7) (random ids, 0 included, past each length
too), "ids_lengths", "series" (B, 6, 2), "series_lengths", "expected" (B, 2); "expected_series_whole"
with every step of series real; "h_0", "c_0" (1, B, 5) random initial states of words and
"expected_from_h0".

Self-check: every row is recomputed alone, unpacked, on its real steps of a and b only, and must
agree with the packed batch to 1e-6.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_packed_several_inputs.py
"""
import json
import pathlib
import sys

import torch
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from pytorch_packed import OUT, initial_states, randomized  # noqa: E402


class TwoEncoders(torch.nn.Module):
    """left = nn.LSTM(3, 4) on a, right = nn.GRU(2, 5, bidirectional) on b, head on both h_n."""

    def __init__(self):
        super().__init__()
        self.left = torch.nn.LSTM(3, 4, batch_first=True)
        self.right = torch.nn.GRU(2, 5, batch_first=True, bidirectional=True)
        self.head = torch.nn.Linear(4 + 10, 3)

    def forward(self, a, a_lengths, b, b_lengths, left_state=None):
        a = pack_padded_sequence(a, a_lengths, batch_first=True, enforce_sorted=False)
        b = pack_padded_sequence(b, b_lengths, batch_first=True, enforce_sorted=False)
        _, (left_h, _) = self.left(a, left_state)
        _, right_h = self.right(b)
        left = left_h[-1]
        right = torch.cat([right_h[0], right_h[1]], dim=1)
        return self.head(torch.cat([left, right], dim=1)), left, right


def row_state(state, r):
    return None if state is None else tuple(s[:, r:r + 1].contiguous() for s in state)


def check_rows(module, a, a_lengths, b, b_lengths, state, out):
    """Each row alone, unpacked, on its real steps only: the packed batch must agree."""
    for r in range(a.shape[0]):
        la, lb = int(a_lengths[r]), int(b_lengths[r])
        alone = module(a[r:r + 1, :la], torch.tensor([la]), b[r:r + 1, :lb], torch.tensor([lb]),
                       row_state(state, r))
        for name, packed, single in zip(("head", "left", "right"), out, alone):
            err = (packed[r] - single[0]).abs().max().item()
            assert err < 1e-6, (name, r, err)


def run(module, a, a_lengths, b, b_lengths, state=None):
    out = module(a, a_lengths, b, b_lengths, state)
    check_rows(module, a, a_lengths, b, b_lengths, state, out)
    return out


class TwoStreams(torch.nn.Module):
    """rnn = nn.GRU(5, 4, bidirectional) on cat([a, b], -1), packed by the rows' one length."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.GRU(3 + 2, 4, batch_first=True, bidirectional=True)

    def forward(self, a, a_lengths, b, b_lengths, state=None):
        assert torch.equal(a_lengths, b_lengths), "one length per row, of both streams"
        x = pack_padded_sequence(torch.cat([a, b], dim=2), a_lengths, batch_first=True,
                                 enforce_sorted=False)
        y, _ = self.rnn(x, state)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=a.shape[1])
        return y[..., :4], y[..., 4:]


def check_stream_rows(module, a, b, lengths, state, out):
    """Each row alone, unpacked, on its real steps only; zeros past them."""
    for r, length in enumerate(lengths.tolist()):
        alone = module(a[r:r + 1, :length], torch.tensor([length]), b[r:r + 1, :length],
                       torch.tensor([length]), None if state is None else state[:, r:r + 1])
        for packed, single in zip(out, alone):
            assert (packed[r, :length] - single[0]).abs().max().item() < 1e-6, r
            assert packed[r, length:].abs().max().item() == 0 if length < a.shape[1] else True


def two_streams():
    module = randomized(TwoStreams())
    batch = 4
    a, b = torch.randn(batch, 6, 2 + 1), torch.randn(batch, 6, 2)
    lengths = torch.tensor([6, 2, 1, 4])
    state = initial_states(module.rnn, batch)
    with torch.no_grad():
        forward, backward = module(a, lengths, b, lengths)
        check_stream_rows(module, a, b, lengths, None, (forward, backward))
        forward_h0, backward_h0 = module(a, lengths, b, lengths, state)
        check_stream_rows(module, a, b, lengths, state, (forward_h0, backward_h0))
    record = {
        "case": "packed_two_streams",
        "torch_version": torch.__version__,
        "a": a.tolist(),
        "b": b.tolist(),
        "lengths": lengths.tolist(),
        "forward": forward.tolist(),
        "backward": backward.tolist(),
        "h_0": state.tolist(),
        "forward_from_h0": forward_h0.tolist(),
        "backward_from_h0": backward_h0.tolist(),
    }
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / "packed_two_streams.safetensors")
    (OUT / "packed_two_streams.json").write_text(json.dumps(record))
    print("packed_two_streams", sorted(module.state_dict()))


class Seq2Seq(torch.nn.Module):
    """encoder's h_n at each row's last real source step starts the decoder on the packed target."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.GRU(2, 4, batch_first=True)
        self.decoder = torch.nn.GRU(3, 4, batch_first=True)

    def forward(self, source, source_lengths, target, target_lengths):
        _, h_n = self.encoder(pack_padded_sequence(source, source_lengths, batch_first=True,
                                                   enforce_sorted=False))
        y, _ = self.decoder(pack_padded_sequence(target, target_lengths, batch_first=True,
                                                 enforce_sorted=False), h_n)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=target.shape[1])
        return y


def seq2seq():
    module = randomized(Seq2Seq())
    source, target = torch.randn(4, 5, 2), torch.randn(4, 4, 3)
    source_lengths, target_lengths = torch.tensor([5, 2, 1, 3]), torch.tensor([1, 4, 2, 3])
    with torch.no_grad():
        expected = module(source, source_lengths, target, target_lengths)
        for r in range(4):  # each row alone, unpacked, on its real steps only
            ls, lt = int(source_lengths[r]), int(target_lengths[r])
            alone = module(source[r:r + 1, :ls], torch.tensor([ls]), target[r:r + 1, :lt],
                           torch.tensor([lt]))
            assert (expected[r, :lt] - alone[0]).abs().max().item() < 1e-6, r
            assert expected[r, lt:].abs().max().item() == 0 if lt < 4 else True, r
    record = {
        "case": "packed_seq2seq",
        "torch_version": torch.__version__,
        "source": source.tolist(),
        "source_lengths": source_lengths.tolist(),
        "target": target.tolist(),
        "target_lengths": target_lengths.tolist(),
        "expected": expected.tolist(),
    }
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / "packed_seq2seq.safetensors")
    (OUT / "packed_seq2seq.json").write_text(json.dumps(record))
    print("packed_seq2seq", sorted(module.state_dict()))


class IdsAndSeries(torch.nn.Module):
    """words = nn.LSTM(3, 5) on the packed embedded ids, values = nn.GRU(2, 4) on the packed
    series, head on both h_n."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(11, 3)
        self.words = torch.nn.LSTM(3, 5, batch_first=True)
        self.values = torch.nn.GRU(2, 4, batch_first=True)
        self.head = torch.nn.Linear(5 + 4, 2)

    def forward(self, ids, ids_lengths, series, series_lengths, words_state=None):
        words = pack_padded_sequence(self.embed(ids), ids_lengths, batch_first=True,
                                     enforce_sorted=False)
        series = pack_padded_sequence(series, series_lengths, batch_first=True, enforce_sorted=False)
        _, (words_h, _) = self.words(words, words_state)
        _, values_h = self.values(series)
        return self.head(torch.cat([words_h[-1], values_h[-1]], dim=1))


def ids_and_series():
    module = randomized(IdsAndSeries())
    batch = 5
    # rows: full ids, short series; short ids, full series; one step each; the rest mixed
    ids, ids_lengths = torch.randint(0, 11, (batch, 7)), torch.tensor([7, 2, 1, 5, 3])
    series, series_lengths = torch.randn(batch, 6, 2), torch.tensor([3, 6, 1, 4, 2])
    state = initial_states(module.words, batch)
    whole = torch.full((batch,), series.shape[1])
    with torch.no_grad():
        expected = module(ids, ids_lengths, series, series_lengths)
        expected_whole = module(ids, ids_lengths, series, whole)
        expected_h0 = module(ids, ids_lengths, series, series_lengths, state)
        for r in range(batch):  # each row alone, unpacked, on its real steps only
            li, ls = int(ids_lengths[r]), int(series_lengths[r])
            alone = module(ids[r:r + 1, :li], torch.tensor([li]), series[r:r + 1, :ls],
                           torch.tensor([ls]), row_state(state, r))
            assert (expected_h0[r] - alone[0]).abs().max().item() < 1e-6, r
        # the padding matters unpacked, so a model that read it would be caught
        unpacked = module(ids, torch.full((batch,), ids.shape[1]), series, whole)
        assert (unpacked - expected_whole).abs().max().item() > 1e-2
    record = {
        "case": "packed_ids_and_series",
        "torch_version": torch.__version__,
        "ids": ids.tolist(),
        "ids_lengths": ids_lengths.tolist(),
        "series": series.tolist(),
        "series_lengths": series_lengths.tolist(),
        "expected": expected.tolist(),
        "expected_series_whole": expected_whole.tolist(),
        "h_0": state[0].tolist(),
        "c_0": state[1].tolist(),
        "expected_from_h0": expected_h0.tolist(),
    }
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / "packed_ids_and_series.safetensors")
    (OUT / "packed_ids_and_series.json").write_text(json.dumps(record))
    print("packed_ids_and_series", sorted(module.state_dict()))


def main():
    torch.manual_seed(1515)
    module = randomized(TwoEncoders())
    batch = 4
    # rows: full a, short b; short a, full b; one step each; middle: each input its own lengths
    a, a_lengths = torch.randn(batch, 7, 3), torch.tensor([7, 2, 1, 5])
    b, b_lengths = torch.randn(batch, 6, 2), torch.tensor([3, 6, 1, 4])
    b_full = torch.full((batch,), b.shape[1])
    state = initial_states(module.left, batch)
    with torch.no_grad():
        head, left, right = run(module, a, a_lengths, b, b_lengths)
        head_b_full, _, _ = run(module, a, a_lengths, b, b_full)
        head_h0, left_h0, _ = run(module, a, a_lengths, b, b_lengths, state)
    record = {
        "case": "packed_two_encoders",
        "torch_version": torch.__version__,
        "a": a.tolist(),
        "a_lengths": a_lengths.tolist(),
        "b": b.tolist(),
        "b_lengths": b_lengths.tolist(),
        "expected": head.tolist(),
        "left": left.tolist(),
        "right": right.tolist(),
        "expected_b_full": head_b_full.tolist(),
        "h_0": state[0].tolist(),
        "c_0": state[1].tolist(),
        "expected_from_h0": head_h0.tolist(),
        "left_from_h0": left_h0.tolist(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / "packed_two_encoders.safetensors")
    (OUT / "packed_two_encoders.json").write_text(json.dumps(record))
    print("packed_two_encoders", sorted(module.state_dict()))
    two_streams()
    seq2seq()
    ids_and_series()


if __name__ == "__main__":
    main()
