"""Fixtures for rnnc's @Packed int[] lengths on token ids: nn.Embedding, then pack_padded_sequence.

A PyTorch model over token ids embeds the padded batch and packs the embedded sequences
(pack_padded_sequence(embed(ids), lengths, batch_first=True, enforce_sorted=False)); rnnc's
`float[][] m(int[][] ids, @Packed int[] lengths)` must compute the same. Padding ids are random
non-zero ids (PyTorch never reads them past a row's length, and no id is a mask).

Writes examples/src/test/resources/fixtures/torch/<case>.safetensors (the state_dict) and
<case>.json: "ids" (B, T), "lengths" (B,), "expected" (the module's output), "h_n" (and "c_n")
in PyTorch's (num_layers * num_directions, B, H), then "h_0" (and "c_0") with "expected_from_h0",
"h_n_from_h0" (and "c_n_from_h0"). The Java twins are in
examples/src/test/java/dev/rnnc/interop/PackedTokensModels.java.

Self-check: every row is recomputed alone, unpacked, on its first lengths[b] ids and must agree
with the packed batch to 1e-6.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_packed_tokens.py
"""
import json
import pathlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")
VOCABULARY = 11


class TokenTagger(torch.nn.Module):
    """nn.Embedding(11, 3) -> nn.LSTM(3, 5) -> nn.Linear(5, 2) per timestep: (B, T) -> (B, T, 2)."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCABULARY, 3)
        self.encoder = torch.nn.LSTM(3, 5, batch_first=True)
        self.head = torch.nn.Linear(5, 2)

    def forward(self, ids, lengths, state=None):
        packed = pack_padded_sequence(self.embed(ids), lengths, batch_first=True,
                                      enforce_sorted=False)
        y, (h_n, c_n) = self.encoder(packed, state)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=ids.shape[1])
        return self.head(y), h_n, c_n


class TokenBiGru(torch.nn.Module):
    """nn.Embedding(11, 4) -> 2-layer bidirectional nn.GRU(4, 3): the padded output (B, T, 6) and
    h_n (4, B, 3)."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCABULARY, 4)
        self.encoder = torch.nn.GRU(4, 3, num_layers=2, bidirectional=True, batch_first=True)

    def forward(self, ids, lengths, state=None):
        packed = pack_padded_sequence(self.embed(ids), lengths, batch_first=True,
                                      enforce_sorted=False)
        y, h_n = self.encoder(packed, state)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=ids.shape[1])
        return y, h_n


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def initial_states(recurrent, batch):
    layers = recurrent.num_layers * (2 if recurrent.bidirectional else 1)
    h_0 = torch.randn(layers, batch, recurrent.hidden_size) * 0.5
    if isinstance(recurrent, torch.nn.LSTM):
        return h_0, torch.randn(layers, batch, recurrent.hidden_size) * 0.5
    return h_0


def row_state(state, b):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s[:, b:b + 1].contiguous() for s in state)
    return state[:, b:b + 1].contiguous()


def check_rows(module, ids, lengths, state, out):
    """Each row alone, unpacked, on its real ids only: the packed batch must agree."""
    for b, length in enumerate(lengths.tolist()):
        alone = module(ids[b:b + 1, :length], torch.tensor([length]), row_state(state, b))
        for name, packed, single in zip(("output", "h_n", "c_n"), out, alone):
            if name == "output":
                got, want = packed[b, :length], single[0]
                if isinstance(module, TokenBiGru):  # zero past the length
                    assert packed[b, length:].abs().max().item() == 0 if length < 7 else True
            else:
                got, want = packed[:, b], single[:, 0]
            err = (got - want).abs().max().item()
            assert err < 1e-6, (name, b, err)


def run(module, ids, lengths, state):
    out = module(ids, lengths, state)
    check_rows(module, ids, lengths, state, out)
    record = {"expected": out[0].tolist(), "h_n": out[1].tolist()}
    if len(out) == 3:
        record["c_n"] = out[2].tolist()
    return record


def write(case, module, ids, lengths):
    state = initial_states(module.encoder, ids.shape[0])
    lstm = isinstance(state, tuple)
    with torch.no_grad():
        zero = run(module, ids, lengths, None)
        from_h0 = run(module, ids, lengths, state)
    record = {"case": case, "torch_version": torch.__version__, "ids": ids.tolist(),
              "lengths": lengths.tolist()}
    record.update(zero)
    record["h_0"] = (state[0] if lstm else state).tolist()
    record["expected_from_h0"] = from_h0["expected"]
    record["h_n_from_h0"] = from_h0["h_n"]
    if lstm:
        record["c_0"] = state[1].tolist()
        record["c_n_from_h0"] = from_h0["c_n"]
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()},
              OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps(record))
    print(case, tuple(ids.shape), "lengths", lengths.tolist(), sorted(module.state_dict()))


def main():
    torch.manual_seed(1515)
    # rows: full, short, one id, middle; padding ids random and non-zero
    lengths = torch.tensor([7, 3, 1, 5])
    write("packed_tokens_lstm_tagger", randomized(TokenTagger()),
          torch.randint(1, VOCABULARY, (4, 7)), lengths)
    write("packed_tokens_bidirectional_gru", randomized(TokenBiGru()),
          torch.randint(1, VOCABULARY, (4, 7)), lengths)


if __name__ == "__main__":
    main()
