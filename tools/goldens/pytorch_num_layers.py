"""Fixtures for rnnc's numLayers (PyTorch num_layers) on @LSTM, @GRU and @SimpleRNN.

Real PyTorch 2.x modules with num_layers > 1 (inter-layer dropout set, which eval() makes the
identity), their state_dicts saved as safetensors, and their outputs. Writes
examples/src/test/resources/fixtures/torch/<case>.safetensors and <case>.json ("input", "expected",
and "h_n" for the GRU case). The Java twins are in examples/src/test/java/dev/rnnc/cells/NumLayersModels.java.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_num_layers.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")


class LstmTagger(torch.nn.Module):
    """nn.LSTM(num_layers=2, dropout=0.3) -> nn.Linear per timestep."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(3, 5, num_layers=2, dropout=0.3, batch_first=True)
        self.head = torch.nn.Linear(5, 2)

    def forward(self, x):
        y, _ = self.encoder(x)
        return self.head(y)


class GruSummary(torch.nn.Module):
    """nn.GRU(num_layers=3): the last timestep's output and h_n."""

    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(4, 3, num_layers=3, batch_first=True)

    def forward(self, x):
        y, h_n = self.gru(x)
        return y[:, -1], h_n


class ReluRnn(torch.nn.Module):
    """nn.RNN(nonlinearity='relu', num_layers=2), whole output sequence."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(2, 4, num_layers=2, nonlinearity="relu", batch_first=True)

    def forward(self, x):
        return self.rnn(x)[0]


def write(case, module, x, record):
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps({"case": case, "torch_version": torch.__version__,
                                                  "input": x.tolist(), **record}))
    print(case, sorted(module.state_dict()))


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def main():
    torch.manual_seed(17)
    module = randomized(LstmTagger())
    x = torch.randn(3, 6, 3)
    with torch.no_grad():
        write("lstm_num_layers", module, x, {"expected": module(x).tolist()})

    module = randomized(GruSummary())
    x = torch.randn(3, 5, 4)
    with torch.no_grad():
        y, h_n = module(x)
        write("gru_num_layers", module, x, {"expected": y.tolist(), "h_n": h_n.tolist()})

    module = randomized(ReluRnn())
    x = torch.randn(3, 5, 2)
    with torch.no_grad():
        write("rnn_relu_num_layers", module, x, {"expected": module(x).tolist()})


if __name__ == "__main__":
    main()
