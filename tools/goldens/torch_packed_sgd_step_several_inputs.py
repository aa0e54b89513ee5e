"""One SGD step of two-encoder PyTorch modules on two packed inputs, for rnnc's
fit(float[][][] a, @Packed int[] aLengths, float[][][] b, @Packed int[] bLengths, y, options):
the gradients of one batch.

`left` = nn.GRU(3, 4) runs on pack_padded_sequence(a, a_lengths) and `right` = nn.LSTM(2, 3,
bidirectional=True) on pack_padded_sequence(b, b_lengths) (batch_first=True,
enforce_sorted=False: each input packed with its own lengths, the reverse direction starting at
the row's last real step of b); `head` = nn.Linear(4 + 6, 2) reads both h_n concatenated (left's,
then right's forward and reverse). The loss is nn.MSELoss(); gradients come from torch.autograd.
Weights ~ N(0, 0.4^2). Writes, in examples/src/test/resources/interop/torch/, in
torch_packed_sgd_step.py's format:

  sgd_packed_two_encoders.safetensors       the state_dict before the step,
  sgd_packed_two_encoders.grad.safetensors  the gradients under the same names (an LSTM's b_hh
                                            gradient zero: rnnc holds b_ih + b_hh once),
  sgd_packed_two_encoders.json              "x" (input a), "lengths" (a's), "b", "b_lengths",
                                            "y" and the loss.

packed_ids_and_series (fit(int[][] ids, @Packed int[] idsLengths, float[][][] series, @Packed
int[] seriesLengths, y, options)): `embed` = nn.Embedding(9, 3) of the ids, `words` = nn.GRU(3, 4) on
pack_padded_sequence(embed(ids), ids_lengths) (PyTorch packs the embedded ids), `values` =
nn.LSTM(2, 3) on pack_padded_sequence(series, series_lengths), `head` = nn.Linear(4 + 3, 2) on both
h_n; the embedding's gradient is its real ids' only. Writes sgd_packed_ids_and_series.* with "ids"
(B, 5), "lengths" (the ids'), "series" (B, 4, 2), "series_lengths", "y" and the loss.

Run from the repository root:
  /work/main/.venv/bin/python tools/goldens/torch_packed_sgd_step_several_inputs.py
"""
import json
import zlib

import torch
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence

from torch_packed_sgd_step import OUT

NAME = "packed_two_encoders"
B = 6
A_LENGTHS = torch.tensor([5, 2, 4, 1, 3, 5])  # a: (B, 5, 3)
B_LENGTHS = torch.tensor([2, 4, 4, 3, 1, 4])  # b: (B, 4, 2), its own lengths


class TwoEncoders(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.left = torch.nn.GRU(3, 4, batch_first=True)
        self.right = torch.nn.LSTM(2, 3, batch_first=True, bidirectional=True)
        self.head = torch.nn.Linear(4 + 6, 2)

    def forward(self, a, a_lengths, b, b_lengths):
        a = pack_padded_sequence(a, a_lengths, batch_first=True, enforce_sorted=False)
        b = pack_padded_sequence(b, b_lengths, batch_first=True, enforce_sorted=False)
        _, left_h = self.left(a)
        _, (right_h, _) = self.right(b)
        return self.head(torch.cat([left_h[-1], right_h[0], right_h[1]], dim=1))


class IdsAndSeries(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(9, 3)
        self.words = torch.nn.GRU(3, 4, batch_first=True)
        self.values = torch.nn.LSTM(2, 3, batch_first=True)
        self.head = torch.nn.Linear(4 + 3, 2)

    def forward(self, ids, ids_lengths, series, series_lengths):
        words = pack_padded_sequence(self.embed(ids), ids_lengths, batch_first=True,
                                     enforce_sorted=False)
        series = pack_padded_sequence(series, series_lengths, batch_first=True, enforce_sorted=False)
        _, words_h = self.words(words)
        _, (values_h, _) = self.values(series)
        return self.head(torch.cat([words_h[-1], values_h[-1]], dim=1))


def ids_and_series():
    name = "packed_ids_and_series"
    torch.manual_seed(zlib.crc32(name.encode()))
    module = IdsAndSeries()
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    ids_lengths = torch.tensor([5, 2, 4, 1, 3, 5])  # ids: (B, 5), random ids past each length too
    series_lengths = torch.tensor([4, 1, 2, 4, 3, 2])  # series: (B, 4, 2)
    ids, series = torch.randint(0, 9, (B, 5)), torch.randn(B, 4, 2)
    y = torch.randn(B, 2)
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    loss = torch.nn.MSELoss()(module(ids, ids_lengths, series, series_lengths), y)
    loss.backward()
    grads = {}
    for key, p in module.named_parameters():
        g = p.grad.detach().clone()
        if key.startswith("values.bias_hh"):
            g = torch.zeros_like(g)  # rnnc's LSTM bias is b_ih + b_hh: its gradient once
        grads[key] = g.contiguous()
    with torch.no_grad():  # the padding must matter unpacked
        whole = module(ids, torch.full((B,), 5), series, torch.full((B,), 4))
        assert (whole - module(ids, ids_lengths, series, series_lengths)).abs().max() > 1e-2
    save_file(state, OUT / f"sgd_{name}.safetensors")
    save_file(grads, OUT / f"sgd_{name}.grad.safetensors")
    (OUT / f"sgd_{name}.json").write_text(json.dumps({
        "case": name, "torch_version": torch.__version__, "description": repr(module),
        "ids": ids.tolist(), "lengths": ids_lengths.tolist(), "series": series.tolist(),
        "series_lengths": series_lengths.tolist(), "y": y.tolist(),
        "loss": float(loss.detach())}))
    print(name, float(loss.detach()), sorted(state))


def main():
    torch.manual_seed(zlib.crc32(NAME.encode()))
    module = TwoEncoders()
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    a, b = torch.randn(B, 5, 3), torch.randn(B, 4, 2)
    y = torch.randn(B, 2)
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    loss = torch.nn.MSELoss()(module(a, A_LENGTHS, b, B_LENGTHS), y)
    loss.backward()
    grads = {}
    for key, p in module.named_parameters():
        g = p.grad.detach().clone()
        if key.startswith("right.bias_hh"):
            g = torch.zeros_like(g)  # rnnc's LSTM bias is b_ih + b_hh: its gradient once
        grads[key] = g.contiguous()
    # the padding must matter unpacked, so a model that read it would be caught
    with torch.no_grad():
        whole = module(a, torch.full((B,), 5), b, torch.full((B,), 4))
        assert (whole - module(a, A_LENGTHS, b, B_LENGTHS)).abs().max() > 1e-2
    OUT.mkdir(parents=True, exist_ok=True)
    save_file(state, OUT / f"sgd_{NAME}.safetensors")
    save_file(grads, OUT / f"sgd_{NAME}.grad.safetensors")
    (OUT / f"sgd_{NAME}.json").write_text(json.dumps({
        "case": NAME, "torch_version": torch.__version__, "description": repr(module),
        "x": a.tolist(), "lengths": A_LENGTHS.tolist(), "b": b.tolist(),
        "b_lengths": B_LENGTHS.tolist(), "y": y.tolist(), "loss": float(loss.detach())}))
    print(NAME, float(loss.detach()), sorted(state))
    ids_and_series()


if __name__ == "__main__":
    main()
