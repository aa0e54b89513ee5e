"""One SGD step of small PyTorch models, for rnnc's generated fit: the gradients of one batch.

Each case is a torch.nn.Module whose submodules are named like the Java interface's methods
(examples/src/test/java/dev/rnnc/interop/TorchSgdModels.java): an nn.LSTM with proj_size, an
nn.RNN with nonlinearity='relu', nn.LSTM / nn.GRU with num_layers=2 and an nn.LSTM with
num_layers=2 and proj_size, each read at its last timestep by an nn.Linear head, and bidirectional
nn.LSTMs with proj_size (one layer, and num_layers=2) read at every timestep. Weights ~ N(0, 0.4^2), one batch x (4, 5, 3), targets y, loss
nn.MSELoss() (the mean over every output value, which is Keras' mean_squared_error of a (batch,
outputs) output), and torch.autograd's gradients of every parameter. Writes, in
examples/src/test/resources/interop/torch/:

  sgd_<case>.safetensors       the state_dict before the step (what rnnc loads),
  sgd_<case>.grad.safetensors  the gradients under the same names, so that rnnc's PyTorch loader
                               maps them as it maps the weights. rnnc holds one LSTM/RNN bias,
                               b_ih + b_hh, whose gradient is that of either: the file holds b_ih's
                               gradient and zeros for b_hh (the loader sums them). A GRU keeps both
                               rows (Keras' reset_after bias), so both are written.
  sgd_<case>.json              x, y and the loss.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/torch_sgd_step.py
"""
import json
import pathlib
import zlib

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("examples/src/test/resources/interop/torch")
B, T, F = 4, 5, 3


class LastStep(torch.nn.Module):
    """A recurrent module named `name`, its last timestep into nn.Linear `head`."""

    def __init__(self, name, recurrent, width, outputs):
        super().__init__()
        self.name = name
        self.add_module(name, recurrent)
        self.head = torch.nn.Linear(width, outputs)

    def forward(self, x):
        y = getattr(self, self.name)(x)[0]
        return self.head(y[:, -1])


class EveryStep(torch.nn.Module):
    """A recurrent module named `name`, every timestep into nn.Linear `head`."""

    def __init__(self, name, recurrent, width, outputs):
        super().__init__()
        self.name = name
        self.add_module(name, recurrent)
        self.head = torch.nn.Linear(width, outputs)

    def forward(self, x):
        return self.head(getattr(self, self.name)(x)[0])


def case(name, module, outputs, sequence=False, y_scale=1.0):
    """y_scale > 1 for deep stacks, whose lowest layer's gradients are otherwise so small that the
    float32 rounding of a weight (about 6e-8 at 1.0) is 1e-5 of them and the check measures that."""
    torch.manual_seed(zlib.crc32(name.encode()))
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    x = torch.randn(B, T, F)
    y = (torch.randn(B, T, outputs) if sequence else torch.randn(B, outputs)) * y_scale
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    loss = torch.nn.MSELoss()(module(x), y)
    loss.backward()
    grads = {}
    for key, p in module.named_parameters():
        g = p.grad.detach().clone()
        recurrent = getattr(module, module.name)
        if key.split(".")[-1].startswith("bias_hh") and not isinstance(recurrent, torch.nn.GRU):
            g = torch.zeros_like(g)  # rnnc's bias is b_ih + b_hh: its gradient once
        grads[key] = g.contiguous()
    OUT.mkdir(parents=True, exist_ok=True)
    save_file(state, OUT / f"sgd_{name}.safetensors")
    save_file(grads, OUT / f"sgd_{name}.grad.safetensors")
    (OUT / f"sgd_{name}.json").write_text(json.dumps({
        "case": name, "torch_version": torch.__version__, "description": repr(module),
        "x": x.tolist(), "y": y.tolist(), "loss": float(loss.detach())}))
    print(name, float(loss.detach()), sorted(state))


def main():
    case("lstm_proj", LastStep("lstm", torch.nn.LSTM(F, 6, proj_size=4, batch_first=True), 4, 2), 2)
    case("rnn_relu", LastStep("rnn", torch.nn.RNN(F, 5, nonlinearity="relu", batch_first=True), 5, 2), 2)
    case("lstm_num_layers", LastStep("encoder", torch.nn.LSTM(F, 4, num_layers=2, batch_first=True), 4, 2), 2)
    case("bilstm_proj", EveryStep("lstm", torch.nn.LSTM(F, 5, proj_size=3, bidirectional=True,
                                                        batch_first=True), 6, 2), 2, sequence=True)
    case("gru_num_layers", LastStep("gru", torch.nn.GRU(F, 4, num_layers=2, batch_first=True), 4, 2), 2)
    case("lstm_num_layers_proj", LastStep("encoder", torch.nn.LSTM(F, 5, num_layers=2, proj_size=3,
                                                                   batch_first=True), 3, 2), 2, y_scale=8.0)
    case("bilstm_num_layers_proj", EveryStep("lstm", torch.nn.LSTM(F, 5, num_layers=2, proj_size=3,
                                                                   bidirectional=True, batch_first=True),
                                             6, 2), 2, sequence=True, y_scale=8.0)


if __name__ == "__main__":
    main()
