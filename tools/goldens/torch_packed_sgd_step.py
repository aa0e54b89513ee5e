"""One SGD step of small PyTorch models on a packed variable-length batch, for rnnc's
fit(float[][][] x, @Packed int[] lengths, y, FitOptions): the gradients of one batch.

Each module runs its recurrent submodule on pack_padded_sequence(x, lengths, batch_first=True,
enforce_sorted=False) (every layer and direction then sees each row's first lengths[b] steps only;
a bidirectional layer's backward direction starts at the row's last real step) and reads either
h_n (the last layer's; both directions concatenated, forward first) into an nn.Linear head, or
pad_packed_sequence(..., total_length=T) (zeros past each length) at every timestep into it.
Submodules are named like the Java interface's methods (examples/.../interop/
TorchPackedSgdModels.java). Weights ~ N(0, 0.4^2). The loss is nn.MSELoss() for h_n heads; for
every-timestep heads Keras' mean_squared_error over a masked sequence output, which rnnc's fit
computes (keras/src/losses/loss.py apply_mask): the mean over outputs per timestep, summed over the
real timesteps and divided by their number, written out in torch below. Gradients come from
torch.autograd. Writes, in examples/src/test/resources/interop/torch/, in torch_sgd_step.py's
format:

  sgd_<case>.safetensors       the state_dict before the step,
  sgd_<case>.grad.safetensors  the gradients under the same names (an LSTM/RNN's b_hh gradient
                               zero: rnnc holds b_ih + b_hh once; a GRU keeps both),
  sgd_<case>.json              x (or, for the embedded cases, ids), lengths, y and the loss.

Run from the repository root:  /work/main/.venv/bin/python tools/goldens/torch_packed_sgd_step.py
"""
import json
import pathlib
import zlib

import torch
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = pathlib.Path("examples/src/test/resources/interop/torch")
B, T, F = 6, 5, 3
LENGTHS = torch.tensor([5, 2, 4, 1, 3, 5])  # unsorted, as enforce_sorted=False takes them


class Packed(torch.nn.Module):
    """A recurrent module named `name` on the packed batch, then nn.Linear `head` on h_n or on
    every (padded) timestep."""

    def __init__(self, name, recurrent, width, outputs, every_step):
        super().__init__()
        self.name = name
        self.every_step = every_step
        self.add_module(name, recurrent)
        self.head = torch.nn.Linear(width, outputs)

    def forward(self, x, lengths):
        recurrent = getattr(self, self.name)
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, states = recurrent(packed)
        if self.every_step:
            padded, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
            return self.head(padded)
        h_n = states[0] if isinstance(recurrent, torch.nn.LSTM) else states
        last = torch.cat([h_n[-2], h_n[-1]], dim=-1) if recurrent.bidirectional else h_n[-1]
        return self.head(last)


def masked_mse(prediction, y, lengths):
    """Keras' mean_squared_error of a masked sequence output: per timestep the mean over outputs,
    then the sum over real timesteps divided by their number."""
    mask = (torch.arange(T)[None, :] < lengths[:, None]).to(prediction.dtype)
    per_step = ((prediction - y) ** 2).mean(dim=-1)
    return (per_step * mask).sum() / mask.sum()


def case(name, module, outputs, y_scale=1.0):
    torch.manual_seed(zlib.crc32(name.encode()))
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    x = torch.randn(B, T, F)
    y = (torch.randn(B, T, outputs) if module.every_step else torch.randn(B, outputs)) * y_scale
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    prediction = module(x, LENGTHS)
    loss = masked_mse(prediction, y, LENGTHS) if module.every_step else torch.nn.MSELoss()(prediction, y)
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
        "x": x.tolist(), "lengths": LENGTHS.tolist(), "y": y.tolist(),
        "loss": float(loss.detach())}))
    print(name, float(loss.detach()), sorted(state))


class PackedTokens(Packed):
    """nn.Embedding `embed` of the ids, then Packed's module on the packed embedded batch
    (pack_padded_sequence(embed(ids), lengths)), for fit(int[][] ids, @Packed int[] lengths, ...)."""

    def __init__(self, vocabulary, dim, name, recurrent, width, outputs, every_step):
        super().__init__(name, recurrent, width, outputs, every_step)
        self.embed = torch.nn.Embedding(vocabulary, dim)

    def forward(self, ids, lengths):
        return super().forward(self.embed(ids), lengths)


def token_case(name, module, outputs, vocabulary, y_scale=1.0):
    """case() on token ids: "ids" (B, T), random non-zero ids past each length too (never read)."""
    torch.manual_seed(zlib.crc32(name.encode()))
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    ids = torch.randint(1, vocabulary, (B, T))
    y = (torch.randn(B, T, outputs) if module.every_step else torch.randn(B, outputs)) * y_scale
    state = {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}
    prediction = module(ids, LENGTHS)
    loss = masked_mse(prediction, y, LENGTHS) if module.every_step else torch.nn.MSELoss()(prediction, y)
    loss.backward()
    grads = {}
    recurrent = getattr(module, module.name)
    for key, p in module.named_parameters():
        g = p.grad.detach().clone()
        if key.split(".")[-1].startswith("bias_hh") and not isinstance(recurrent, torch.nn.GRU):
            g = torch.zeros_like(g)  # rnnc's bias is b_ih + b_hh: its gradient once
        grads[key] = g.contiguous()
    save_file(state, OUT / f"sgd_{name}.safetensors")
    save_file(grads, OUT / f"sgd_{name}.grad.safetensors")
    (OUT / f"sgd_{name}.json").write_text(json.dumps({
        "case": name, "torch_version": torch.__version__, "description": repr(module),
        "ids": ids.tolist(), "lengths": LENGTHS.tolist(), "y": y.tolist(),
        "loss": float(loss.detach())}))
    print(name, float(loss.detach()), sorted(state))


def main():
    case("packed_gru_last", Packed("gru", torch.nn.GRU(F, 4, batch_first=True), 4, 2, False), 2)
    case("packed_bilstm_every", Packed("lstm", torch.nn.LSTM(F, 4, bidirectional=True, batch_first=True),
                                       8, 2, True), 2)
    case("packed_bigru_num_layers_last",
         Packed("gru", torch.nn.GRU(F, 4, num_layers=2, bidirectional=True, batch_first=True), 8, 2, False),
         2, y_scale=8.0)
    case("packed_lstm_num_layers_every",
         Packed("encoder", torch.nn.LSTM(F, 4, num_layers=2, batch_first=True), 4, 2, True), 2, y_scale=8.0)
    # token ids packed after their embedding
    token_case("packed_tokens_gru_last",
               PackedTokens(9, F, "gru", torch.nn.GRU(F, 4, batch_first=True), 4, 2, False), 2, 9)
    token_case("packed_tokens_lstm_every",
               PackedTokens(9, F, "lstm", torch.nn.LSTM(F, 4, batch_first=True), 4, 2, True), 2, 9)


if __name__ == "__main__":
    main()
