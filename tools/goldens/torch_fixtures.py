"""Writes the PyTorch fixtures that the interop parity tests load.

Run from the repository root with the project venv (PyTorch 2.x, safetensors):

    .venv/bin/python tools/goldens/torch_fixtures.py

Every case builds a real PyTorch model, gives every parameter seeded random
values (PyTorch's own init is uniform and would do, but explicit normal values
with non-zero biases make a swapped gate or a dropped bias visible), saves
`model.state_dict()` with `safetensors.torch.save_file`, and records in a JSON
beside it the input and PyTorch's outputs:

    case, torch_version, description, weights (file name),
    input      (B, T, F) floats, batch-first; or (B, T) token ids
    output     (B, T, D*H_out) per-timestep outputs of the top recurrent layer,
               batch-first (PyTorch's `output`, transposed when seq-major);
               D = 2 for bidirectional modules (forward, then backward, both
               in input order), H_out = proj_size or hidden_size
    h_n        (D*num_layers, B, H_out) final hidden states, index layer*D +
               direction; h_n[-1] == output[:, -1] (one direction), or
               h_n[-2] == output[:, -1, :H_out] and h_n[-1] == output[:, 0, H_out:]
    c_n        (D*num_layers, B, hidden_size) final cell states (LSTM only)
    head       the Linear head's output, when the model has one:
               (B, T, out) per timestep or (B, out) on the last step

The parity tests compare `output`, `head`, and every layer's `h_n` and `c_n`
through rnnc's returnState. Files go to examples/src/test/resources/interop/torch/.
The `_f16`, `_bf16`, `_f64` variants save the same model in another dtype;
their expected outputs come from PyTorch running in float32 on the weights
rounded to that dtype.
"""

import json
import pathlib

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn

OUT = pathlib.Path(__file__).resolve().parents[2] / "examples/src/test/resources/interop/torch"
BATCH, STEPS = 3, 7


def randomize(model, seed):
    """Normal(0, 0.5) weights and Normal(0, 0.3) biases, drawn in state_dict order."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            scale = 0.3 if "bias" in name else 0.5
            p.copy_(torch.randn(p.shape, generator=g) * scale)


def floats(t):
    return np.asarray(t.detach().to(torch.float32).numpy(), dtype=np.float32).tolist()


class LstmStack(nn.Module):
    """nn.LSTM(3, 5, num_layers=2, batch_first=True) + nn.Linear(5, 2) per timestep."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def run(self, x):
        out, (h, c) = self.lstm(x)
        return {"output": out, "h_n": h, "c_n": c, "head": self.fc(out), "head_last": self.fc(h[-1])}


class RnnRelu(nn.Module):
    """nn.RNN(3, 4, nonlinearity='relu', num_layers=2, batch_first=True)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 4, num_layers=2, nonlinearity="relu", batch_first=True)

    def run(self, x):
        out, h = self.rnn(x)
        return {"output": out, "h_n": h}


class EmbeddingLstm(nn.Module):
    """nn.Embedding(20, 8) → nn.LSTM(8, 6, batch_first=True) → nn.Linear(6, 3) on the last step."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.head = nn.Linear(6, 3)

    def run(self, ids):
        out, (h, c) = self.lstm(self.embed(ids))
        return {"output": out, "h_n": h, "c_n": c, "head": self.head(out[:, -1])}


class GruMlp(nn.Module):
    """nn.GRU(3, 7, batch_first=True) → Linear(7, 5) → ReLU → Linear(5, 2); rnnc names differ."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(3, 7, batch_first=True)
        self.hidden = nn.Linear(7, 5)
        self.out = nn.Linear(5, 2)

    def run(self, x):
        out, h = self.encoder(x)
        return {"output": out, "h_n": h, "head": self.out(torch.relu(self.hidden(h[-1])))}


class LstmNoBias(nn.Module):
    """nn.LSTM(3, 4, bias=False, batch_first=True) + nn.Linear(4, 2, bias=False)."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, bias=False, batch_first=True)
        self.fc = nn.Linear(4, 2, bias=False)

    def run(self, x):
        out, (h, c) = self.lstm(x)
        return {"output": out, "h_n": h, "c_n": c, "head": self.fc(out)}


class LstmCell(nn.Module):
    """nn.LSTMCell(3, 5) stepped over the sequence by hand."""

    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(3, 5)

    def run(self, x):
        h = torch.zeros(x.shape[0], 5)
        c = torch.zeros(x.shape[0], 5)
        outs = []
        for t in range(x.shape[1]):
            h, c = self.cell(x[:, t], (h, c))
            outs.append(h)
        return {"output": torch.stack(outs, 1), "h_n": h[None], "c_n": c[None]}


class Named(nn.Module):
    """A batch-first recurrent module saved under `key` (tensors `key.weight_ih_l0`, ...)."""

    def __init__(self, key, module):
        super().__init__()
        self.key = key
        self.add_module(key, module)

    def run(self, x):
        out, state = getattr(self, self.key)(x)
        if isinstance(state, tuple):
            return {"output": out, "h_n": state[0], "c_n": state[1]}
        return {"output": out, "h_n": state}


class BiLstmTagger(nn.Module):
    """nn.LSTM(3, 5, bidirectional=True, batch_first=True) + nn.Linear(10, 4) per timestep."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(10, 4)

    def run(self, x):
        out, (h, c) = self.lstm(x)
        return {"output": out, "h_n": h, "c_n": c, "head": self.fc(out)}


def seq_major(module):
    """A bare seq-major module: its state_dict has no prefix (weight_ih_l0, ...)."""

    def run(x):
        out, h = module(x.transpose(0, 1))  # batch_first=False wants (T, B, F)
        if isinstance(h, tuple):
            return {"output": out.transpose(0, 1), "h_n": h[0], "c_n": h[1]}
        return {"output": out.transpose(0, 1), "h_n": h}

    module.run = run
    return module


CASES = {
    "lstm_stack": (LstmStack, "float", "nn.LSTM(3, 5, num_layers=2, batch_first=True) + nn.Linear(5, 2)"),
    "gru": (lambda: seq_major(nn.GRU(4, 6)), "float", "bare nn.GRU(4, 6), seq-major"),
    "rnn_tanh": (lambda: seq_major(nn.RNN(3, 5)), "float", "bare nn.RNN(3, 5), tanh, seq-major"),
    "rnn_relu": (RnnRelu, "float", "nn.RNN(3, 4, nonlinearity='relu', num_layers=2, batch_first=True)"),
    "embedding_lstm": (EmbeddingLstm, "ids", "nn.Embedding(20, 8) + nn.LSTM(8, 6) + nn.Linear(6, 3)"),
    "gru_mlp": (GruMlp, "float", "nn.GRU(3, 7) + Linear(7, 5) + ReLU + Linear(5, 2)"),
    "lstm_no_bias": (LstmNoBias, "float", "nn.LSTM(3, 4, bias=False) + nn.Linear(4, 2, bias=False)"),
    "lstm_cell": (LstmCell, "float", "nn.LSTMCell(3, 5) stepped by hand"),
    "bilstm": (lambda: Named("lstm", nn.LSTM(3, 5, batch_first=True, bidirectional=True)), "float",
               "nn.LSTM(3, 5, bidirectional=True, batch_first=True)"),
    "bilstm2": (lambda: Named("lstm", nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)), "float",
                "nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)"),
    "bigru": (lambda: seq_major(nn.GRU(4, 5, bidirectional=True)), "float",
              "bare nn.GRU(4, 5, bidirectional=True), seq-major"),
    "bigru2": (lambda: Named("gru", nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True)), "float",
               "nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)"),
    "birnn": (lambda: Named("rnn", nn.RNN(3, 4, batch_first=True, bidirectional=True)), "float",
              "nn.RNN(3, 4, bidirectional=True, batch_first=True), tanh"),
    "lstm_proj": (lambda: Named("lstm", nn.LSTM(3, 6, proj_size=3, batch_first=True)), "float",
                  "nn.LSTM(3, 6, proj_size=3, batch_first=True)"),
    "lstm_proj2": (lambda: Named("lstm", nn.LSTM(3, 8, num_layers=2, proj_size=5, batch_first=True)), "float",
                   "nn.LSTM(3, 8, num_layers=2, proj_size=5, batch_first=True)"),
    "bilstm_proj2": (lambda: Named("lstm", nn.LSTM(3, 6, num_layers=2, proj_size=4, batch_first=True,
                                                   bidirectional=True)), "float",
                     "nn.LSTM(3, 6, num_layers=2, proj_size=4, bidirectional=True, batch_first=True)"),
    "bilstm_tagger": (BiLstmTagger, "float", "nn.LSTM(3, 5, bidirectional=True) + nn.Linear(10, 4) per timestep"),
}

DTYPES = {"f16": torch.float16, "bf16": torch.bfloat16, "f64": torch.float64}


def make_input(kind, model, seed):
    g = torch.Generator().manual_seed(seed + 1)
    if kind == "ids":
        ids = torch.randint(0, 20, (BATCH, STEPS), generator=g)
        ids[0, 0], ids[1, -1] = 0, 19
        return ids
    features = next(p for n, p in model.named_parameters() if "weight_ih" in n).shape[1]
    return torch.randn(BATCH, STEPS, features, generator=g)


def record(case, description, model, x, weights_file, dtype_note=""):
    with torch.no_grad():
        outputs = model.run(x)
    # The top layer's final hidden states are outputs too: the forward direction's at the last
    # timestep, the backward direction's (already in input order) at the first.
    h, out = outputs["h_n"], outputs["output"]
    width = h.shape[-1]
    if out.shape[-1] == 2 * width:
        assert torch.equal(h[-2], out[:, -1, :width]) and torch.equal(h[-1], out[:, 0, width:]), case
    else:
        assert torch.equal(h[-1], out[:, -1]), case
    data = {
        "case": case,
        "torch_version": torch.__version__,
        "description": description + dtype_note,
        "weights": weights_file,
        "input": x.tolist() if x.dtype == torch.int64 else floats(x),
    }
    for key, value in outputs.items():
        data[key] = floats(value)
    (OUT / (case + ".json")).write_text(json.dumps(data) + "\n")


def check_reload(model_factory, path, model, x):
    """The saved file reloads into a fresh PyTorch model with the same outputs."""
    fresh = model_factory()
    fresh.load_state_dict(load_file(path))
    with torch.no_grad():
        a, b = model.run(x), fresh.run(x)
    for key in a:
        assert torch.equal(a[key], b[key]), (path, key)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (case, (factory, kind, description)) in enumerate(CASES.items(), start=100):
        model = factory().eval()
        randomize(model, seed)
        x = make_input(kind, model, seed)
        path = OUT / (case + ".safetensors")
        save_file(model.state_dict(), path)
        check_reload(factory, path, model, x)
        record(case, description, model, x, path.name)
        print("wrote", case)
        if case != "lstm_stack":
            continue
        for suffix, dtype in DTYPES.items():
            variant = case + "_" + suffix
            vpath = OUT / (variant + ".safetensors")
            save_file({k: v.to(dtype) for k, v in model.state_dict().items()}, vpath)
            # Expected: float32 PyTorch on the weights as that dtype holds them.
            rounded = factory().eval()
            rounded.load_state_dict({k: v.to(torch.float32) for k, v in load_file(vpath).items()})
            record(variant, description, rounded, x, vpath.name, ", weights saved as " + str(dtype))
            print("wrote", variant)


if __name__ == "__main__":
    main()
