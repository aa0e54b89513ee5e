"""Fixtures for rnnc's @SequenceFirst batch calls: PyTorch's default batch_first=False layout.

Real PyTorch modules whose recurrent layers keep the default batch_first=False, so their input is
(timesteps, batch, features) and their output sequence (timesteps, batch, units), as a PyTorch user
holds them. Writes examples/src/test/resources/fixtures/torch/<case>.safetensors (the state_dict)
and <case>.json ("input" sequence-first, "expected" as the module returns it). The Java twins are in
examples/src/test/java/dev/rnnc/interop/SequenceFirstModels.java.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_sequence_first.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")


class Tagger(torch.nn.Module):
    """nn.LSTM(3, 5) (batch_first=False) -> nn.Linear(5, 2) per timestep: (T, B, 3) -> (T, B, 2)."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(3, 5)
        self.head = torch.nn.Linear(5, 2)

    def forward(self, x):
        y, _ = self.encoder(x)
        return self.head(y)


class Summary(torch.nn.Module):
    """nn.LSTM(3, 4) (batch_first=False), the last timestep -> nn.Linear(4, 2): (T, B, 3) -> (B, 2)."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(3, 4)
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x):
        y, _ = self.encoder(x)
        return self.head(y[-1])


def write(case, module, x):
    OUT.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        expected = module(x)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case, "torch_version": torch.__version__, "layout": "batch_first=False",
        "input": x.tolist(), "expected": expected.tolist()}))
    print(case, tuple(x.shape), "->", tuple(expected.shape), sorted(module.state_dict()))


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def main():
    torch.manual_seed(2026)
    write("lstm_sequence_first", randomized(Tagger()), torch.randn(6, 4, 3))
    write("lstm_sequence_first_last", randomized(Summary()), torch.randn(5, 3, 3))


if __name__ == "__main__":
    main()
