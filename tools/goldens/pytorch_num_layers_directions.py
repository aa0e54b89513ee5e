"""Fixtures for rnnc's numLayers with @Bidirectional and with projSize (PyTorch's num_layers with
bidirectional=True and proj_size), and for every layer's h_n/c_n and h_0/c_0.

Real PyTorch 2.x modules in eval mode, their state_dicts saved as safetensors, their outputs as
JSON. Writes examples/src/test/resources/fixtures/torch/<case>.safetensors and <case>.json with
"input", "expected" (the module's output sequence, or the head's), "h_n" (and "c_n") of shape
(num_layers * num_directions, batch, hidden) in PyTorch's layout, and the same run from random
initial states: "h_0" (and "c_0"), "expected_from_h0", "h_n_from_h0" (and "c_n_from_h0").
The Java twins are in examples/src/test/java/dev/rnnc/cells/NumLayersDirectionsModels.java.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/pytorch_num_layers_directions.py
"""
import json
import pathlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch")


class BiLstmProjTagger(torch.nn.Module):
    """nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=3) -> nn.Linear per timestep."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=3,
                                     dropout=0.2, batch_first=True)
        self.head = torch.nn.Linear(6, 2)

    def forward(self, x, state=None):
        y, (h_n, c_n) = self.encoder(x, state)
        return self.head(y), h_n, c_n


class BiGru(torch.nn.Module):
    """nn.GRU(4, 3, num_layers=3, bidirectional=True): the output sequence and h_n."""

    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(4, 3, num_layers=3, bidirectional=True, batch_first=True)

    def forward(self, x, state=None):
        y, h_n = self.gru(x, state)
        return y, h_n


class LstmProj(torch.nn.Module):
    """nn.LSTM(3, 6, num_layers=2, proj_size=4): one direction, projected."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 6, num_layers=2, proj_size=4, batch_first=True)

    def forward(self, x, state=None):
        y, (h_n, c_n) = self.lstm(x, state)
        return y, h_n, c_n


class BiRnn(torch.nn.Module):
    """nn.RNN(2, 4, num_layers=2, bidirectional=True, nonlinearity='relu')."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(2, 4, num_layers=2, bidirectional=True, nonlinearity="relu",
                                batch_first=True)

    def forward(self, x, state=None):
        y, h_n = self.rnn(x, state)
        return y, h_n


def randomized(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    return module.eval()


def run(module, x, state):
    out = module(x, state)
    record = {"y": out[0].tolist(), "h_n": out[1].tolist()}
    if len(out) == 3:
        record["c_n"] = out[2].tolist()
    return record


def write(case, module, recurrent, x):
    layers = recurrent.num_layers * (2 if recurrent.bidirectional else 1)
    batch = x.shape[0]
    h_size = recurrent.proj_size if getattr(recurrent, "proj_size", 0) else recurrent.hidden_size
    h_0 = torch.randn(layers, batch, h_size) * 0.5
    lstm = isinstance(recurrent, torch.nn.LSTM)
    c_0 = torch.randn(layers, batch, recurrent.hidden_size) * 0.5 if lstm else None
    with torch.no_grad():
        zero = run(module, x, None)
        from_h0 = run(module, x, (h_0, c_0) if lstm else h_0)
    record = {"case": case, "torch_version": torch.__version__, "input": x.tolist(),
              "expected": zero["y"], "h_n": zero["h_n"],
              "h_0": h_0.tolist(), "expected_from_h0": from_h0["y"], "h_n_from_h0": from_h0["h_n"]}
    if lstm:
        record.update({"c_n": zero["c_n"], "c_0": c_0.tolist(), "c_n_from_h0": from_h0["c_n"]})
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, OUT / f"{case}.safetensors")
    (OUT / f"{case}.json").write_text(json.dumps(record))
    print(case, sorted(module.state_dict()))


def main():
    torch.manual_seed(29)
    module = randomized(BiLstmProjTagger())
    write("lstm_num_layers_bidirectional_proj", module, module.encoder, torch.randn(3, 6, 3))

    module = randomized(BiGru())
    write("gru_num_layers_bidirectional", module, module.gru, torch.randn(3, 5, 4))

    module = randomized(LstmProj())
    write("lstm_num_layers_proj", module, module.lstm, torch.randn(3, 6, 3))

    module = randomized(BiRnn())
    write("rnn_relu_num_layers_bidirectional", module, module.rnn, torch.randn(2, 5, 2))


if __name__ == "__main__":
    main()
