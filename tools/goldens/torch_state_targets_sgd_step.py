"""One SGD step of small PyTorch models whose h_n and c_n are training targets, for rnnc's fit with
y a record naming them (encoderHN, encoderCN: PyTorch's h_n / c_n of a numLayers layer).

Each module runs one recurrent submodule (num_layers=2) named like the Java interface's method
(examples/src/test/java/dev/rnnc/interop/TorchStateTargetsSgdModels.java), and returns a head,
nn.Linear `head` on its last output (the last timestep; for a bidirectional module Keras'
Bidirectional output, torch.cat([h_n[-2], h_n[-1]]), or every timestep when `every_step`), beside
h_n (and an LSTM's c_n) in PyTorch's layout (num_layers * num_directions, batch, hidden_or_proj).
rnnc's record holds h_n per sample, (batch, num_layers * num_directions, width): the targets here
are written in that order and compared in it (h_n.transpose(0, 1)). One case instead names one
direction's state of the top layer (encoderForwardH = h_n[-2], encoderBackwardC = c_n[-1]).

The loss is Keras' sum of per-output losses times their weights (the Java model's @OutputLoss
weights, given per case below): nn.MSELoss() of each output (the mean over every value, which is
Keras' mean_squared_error of a (batch, rows, width) output: the mean over the last axis, then over
batch and rows). Weights ~ N(0, 0.4^2), one batch x (4, 5, 3). Gradients come from torch.autograd.
Writes, in examples/src/test/resources/interop/torch/, in torch_sgd_step.py's format:

  sgd_<case>.safetensors       the state_dict before the step,
  sgd_<case>.grad.safetensors  the gradients under the same names (an LSTM's b_hh gradient zero:
                               rnnc holds b_ih + b_hh once; a GRU keeps both),
  sgd_<case>.json              x, y (a dict by record component: head, encoderHN, ...), the loss.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/torch_state_targets_sgd_step.py
"""
import json
import pathlib
import zlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/interop/torch")
B, T, F = 4, 5, 3


class StateTargets(torch.nn.Module):
    """A recurrent module named `name`; outputs the head on its last output (or every timestep),
    then h_n (and c_n) per sample."""

    def __init__(self, name, recurrent, width, outputs, every_step=False, states=None):
        super().__init__()
        self.name = name
        self.every_step = every_step
        self.states = states
        self.add_module(name, recurrent)
        self.head = torch.nn.Linear(width, outputs)

    def forward(self, x):
        recurrent = getattr(self, self.name)
        out, states = recurrent(x)
        lstm = isinstance(recurrent, torch.nn.LSTM)
        h_n = states[0] if lstm else states
        if self.every_step:
            head = self.head(out)
        elif recurrent.bidirectional:
            head = self.head(torch.cat([h_n[-2], h_n[-1]], dim=-1))  # Keras' Bidirectional output
        else:
            head = self.head(out[:, -1])
        if self.states is not None:  # some rows of h_n / c_n, each one sample's row
            return {"head": head, **{k: pick(h_n, states[1] if lstm else None)
                                     for k, pick in self.states.items()}}
        outputs = {"head": head, "HN": h_n.transpose(0, 1)}
        if lstm:
            outputs["CN"] = states[1].transpose(0, 1)
        return outputs


def case(name, module, outputs, weights, y_scale=1.0):
    """`weights`: each output's loss weight, by record component suffix (head, HN, CN,
    ForwardH, ...). y_scale > 1
    for the deepest stack, whose lowest layer's gradients are otherwise so small that the float32
    rounding of a weight (about 3e-8 at 0.4) is 1e-5 of them and the check measures that."""
    torch.manual_seed(zlib.crc32(name.encode()))
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    x = torch.randn(B, T, F)
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    predicted = module(x)
    y = {}
    loss = 0
    for key, value in predicted.items():
        target = torch.randn_like(value) * (1.0 if key == "head" else 0.5) * y_scale
        component = "head" if key == "head" else module.name + key
        y[component] = target.tolist()
        loss = loss + weights[key] * torch.nn.MSELoss()(value, target)
    loss.backward()
    grads = {}
    recurrent = getattr(module, module.name)
    for key, p in module.named_parameters():
        g = p.grad.detach().clone()
        if key.split(".")[-1].startswith("bias_hh") and not isinstance(recurrent, torch.nn.GRU):
            g = torch.zeros_like(g)  # rnnc's bias is b_ih + b_hh: its gradient once
        grads[key] = g.contiguous()
    OUT.mkdir(parents=True, exist_ok=True)
    save_file(state, OUT / f"sgd_{name}.safetensors")
    save_file(grads, OUT / f"sgd_{name}.grad.safetensors")
    (OUT / f"sgd_{name}.json").write_text(json.dumps({
        "case": name, "torch_version": torch.__version__, "description": repr(module),
        "weights": weights, "x": x.tolist(), "y": y, "loss": float(loss.detach())}))
    print(name, float(loss.detach()), sorted(state))


def main():
    case("state_lstm_num_layers",
         StateTargets("encoder", torch.nn.LSTM(F, 4, num_layers=2, batch_first=True), 4, 2),
         2, {"head": 1.0, "HN": 1.0, "CN": 0.5})
    case("state_lstm_num_layers_proj",
         StateTargets("encoder", torch.nn.LSTM(F, 5, num_layers=2, proj_size=3, batch_first=True), 3, 2),
         2, {"head": 1.0, "HN": 0.5, "CN": 1.0})
    case("state_bigru_num_layers",
         StateTargets("encoder", torch.nn.GRU(F, 4, num_layers=2, bidirectional=True, batch_first=True),
                      8, 2),
         2, {"head": 1.0, "HN": 2.0})
    case("state_bilstm_num_layers_proj",
         StateTargets("encoder", torch.nn.LSTM(F, 5, num_layers=2, proj_size=3, bidirectional=True,
                                               batch_first=True), 6, 2, every_step=True),
         2, {"head": 1.0, "HN": 1.0, "CN": 0.25}, y_scale=8.0)
    # one direction's state of the top layer (rnnc's encoderForwardH, encoderBackwardC: Keras'
    # Bidirectional states of the layer rnnc declares), h_n[-2] and c_n[-1]: each loss's gradient
    # enters only that direction's last step of layer 1; layer 0 learns through layer 1's input
    case("state_bilstm_num_layers_directions",
         StateTargets("encoder", torch.nn.LSTM(F, 4, num_layers=2, bidirectional=True,
                                               batch_first=True), 8, 2,
                      states={"ForwardH": lambda h, c: h[-2], "BackwardC": lambda h, c: c[-1]}),
         2, {"head": 1.0, "ForwardH": 1.0, "BackwardC": 0.5})


if __name__ == "__main__":
    main()
