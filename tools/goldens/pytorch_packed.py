"""Fixtures for rnnc's @Packed int[] lengths: PyTorch's packed variable-length batches.

Real PyTorch modules in eval mode run on pack_padded_sequence(x, lengths, batch_first=True,
enforce_sorted=False) and unpack with pad_packed_sequence(..., total_length=T): a recurrent layer's
output is zero past a row's length, h_n/c_n are those of the row's last real step, and a
bidirectional layer's reverse direction starts at that step. Padding holds random values (PyTorch
never reads them), so a model that read them would be caught. Each case is run from zero states and
from random h_0 (c_0).

Writes examples/src/test/resources/fixtures/torch/<case>.safetensors (the state_dict) and
<case>.json: "input" (B, T, F) batch-first, "lengths" (B,), "expected" (the module's output,
batch-first), "h_n" (and "c_n") in PyTorch's (num_layers * num_directions, B, H), then "h_0" (and
"c_0") of the same layout with "expected_from_h0", "h_n_from_h0" (and "c_n_from_h0"); sequence-first
cases (batch_first=False) also "input_sequence_first" (T, B, F) and "expected_sequence_first"
(T, B, H). The Java twins are in examples/src/test/java/dev/rnnc/interop/PackedModels.java.

Self-check: every row is recomputed alone, unpacked, on its first lengths[b] steps (h_n from that
run, its output zero-padded to T) and must agree with the packed batch to 1e-6.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_packed.py
"""
import json
import pathlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")


class Tagger(torch.nn.Module):
    """nn.LSTM(3, 5) -> nn.Linear(5, 2) applied to the padded output: (B, T, 3) -> (B, T, 2)."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(3, 5, batch_first=True)
        self.head = torch.nn.Linear(5, 2)

    def recurrent(self):
        return self.encoder

    def forward(self, x, lengths, state=None):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        y, (h_n, c_n) = self.encoder(packed, state)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=x.shape[1])
        return self.head(y), h_n, c_n


class Classifier(torch.nn.Module):
    """nn.GRU(4, 6) -> nn.Linear(6, 3) on h_n: (B, T, 4) -> (B, 3)."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.GRU(4, 6, batch_first=True)
        self.head = torch.nn.Linear(6, 3)

    def recurrent(self):
        return self.encoder

    def forward(self, x, lengths, state=None):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        _, h_n = self.encoder(packed, state)
        return self.head(h_n[-1]), h_n


class Recurrent(torch.nn.Module):
    """One recurrent module alone: its padded output sequence and h_n (c_n)."""

    def __init__(self, module, batch_first=True):
        super().__init__()
        self.rnn = module
        self.batch_first = batch_first

    def recurrent(self):
        return self.rnn

    def forward(self, x, lengths, state=None):
        packed = pack_padded_sequence(x, lengths, batch_first=self.batch_first,
                                      enforce_sorted=False)
        y, states = self.rnn(packed, state)
        total = x.shape[1] if self.batch_first else x.shape[0]
        y, _ = pad_packed_sequence(y, batch_first=self.batch_first, total_length=total)
        return (y,) + (states if isinstance(states, tuple) else (states,))


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def initial_states(recurrent, batch):
    layers = recurrent.num_layers * (2 if recurrent.bidirectional else 1)
    h_size = recurrent.proj_size if getattr(recurrent, "proj_size", 0) else recurrent.hidden_size
    h_0 = torch.randn(layers, batch, h_size) * 0.5
    if isinstance(recurrent, torch.nn.LSTM):
        return h_0, torch.randn(layers, batch, recurrent.hidden_size) * 0.5
    return h_0


def row_state(state, b):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s[:, b:b + 1].contiguous() for s in state)
    return state[:, b:b + 1].contiguous()


def check_rows(module, x, lengths, state, out, batch_first):
    """Each row alone, unpacked, on its real steps only: the packed batch must agree."""
    for b, length in enumerate(lengths.tolist()):
        if batch_first:
            row = x[b:b + 1, :length]
        else:
            row = x[:length, b:b + 1]
        alone = module(row, torch.tensor([length]), row_state(state, b))
        for name, packed, single in zip(("output", "h_n", "c_n"), out, alone):
            if packed.dim() == 3 and name == "output":
                got = packed[b, :length] if batch_first else packed[:length, b]
                want = single[0] if batch_first else single[:, 0]
                rest = packed[b, length:] if batch_first else packed[length:, b]
                if isinstance(module, Tagger):  # the head of a zero row is its bias
                    rest = rest - module.head.bias
                assert rest.abs().max().item() == 0 if rest.numel() else True, (name, b)
            elif name == "output":
                got, want = packed[b], single[0]
            else:
                got, want = packed[:, b], single[:, 0]
            err = (got - want).abs().max().item()
            assert err < 1e-6, (name, b, err)


def run(module, x, lengths, state, batch_first=True):
    out = module(x, lengths, state)
    check_rows(module, x, lengths, state, out, batch_first)
    record = {"expected": out[0].tolist(), "h_n": out[1].tolist()}
    if len(out) == 3:
        record["c_n"] = out[2].tolist()
    return record


def write(case, module, x, lengths, batch_first=True):
    recurrent = module.recurrent()
    batch = x.shape[0] if batch_first else x.shape[1]
    state = initial_states(recurrent, batch)
    lstm = isinstance(state, tuple)
    with torch.no_grad():
        zero = run(module, x, lengths, None, batch_first)
        from_h0 = run(module, x, lengths, state, batch_first)
    record = {"case": case, "torch_version": torch.__version__, "lengths": lengths.tolist()}
    if batch_first:
        record["input"] = x.tolist()
        record.update(zero)
    else:
        record["input_sequence_first"] = x.tolist()
        record["expected_sequence_first"] = zero["expected"]
        record.update({k: v for k, v in zero.items() if k != "expected"})
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
    print(case, tuple(x.shape), "lengths", lengths.tolist(), sorted(module.state_dict()))


def main():
    torch.manual_seed(15)
    # rows: full, short, one step, middle; the padding is random, never read
    lengths = torch.tensor([7, 3, 1, 5])

    write("packed_lstm_tagger", randomized(Tagger()), torch.randn(4, 7, 3), lengths)
    write("packed_gru_classifier", randomized(Classifier()), torch.randn(4, 7, 4), lengths)
    write("packed_lstm_bidirectional",
          randomized(Recurrent(torch.nn.LSTM(3, 4, bidirectional=True, batch_first=True))),
          torch.randn(4, 7, 3), lengths)
    write("packed_gru_num_layers_bidirectional",
          randomized(Recurrent(torch.nn.GRU(3, 4, num_layers=2, bidirectional=True,
                                            batch_first=True))),
          torch.randn(4, 7, 3), lengths)
    write("packed_lstm_num_layers_proj",
          randomized(Recurrent(torch.nn.LSTM(2, 5, num_layers=2, proj_size=3, batch_first=True))),
          torch.randn(4, 7, 2), lengths)
    # batch_first=False: x is (T, B, F), the output (T, B, H)
    write("packed_gru_sequence_first",
          randomized(Recurrent(torch.nn.GRU(3, 4, batch_first=False), batch_first=False)),
          torch.randn(7, 4, 3), lengths, batch_first=False)


if __name__ == "__main__":
    main()
