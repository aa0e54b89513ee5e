"""Gradient fixtures for rnnc's training kernels: real PyTorch 2.x autograd on nn.LSTM(proj_size),
nn.RNN (relu and tanh) and nn.GRU, one batch, loss = sum(w_out * output) + sum(w_c * c_n).

Writes runtime/src/test/resources/goldens/torch_gradients.json. Weights and gradients are converted to
rnnc's (Keras-style) layout (rnn-semantics.md §9): kernel = W_ih.T, recurrent_kernel = W_hh.T,
bias = b_ih + b_hh (LSTM, RNN; its gradient is that of either), projection_kernel = W_hr.T; for the GRU
the row blocks are permuted from PyTorch's r, z, n to Keras' z, r, h and bias = [b_ih; b_hh] (the
(2, 3u) bias of reset_after=True). Inputs x (B, T, F), h0 (B, H_out), c0 (B, H), the loss weights, and
the gradients with respect to every weight, x, h0 and c0.

Run from the repository root:  /path/to/.venv/bin/python tools/goldens/torch_gradients.py
"""
import json
import pathlib
import zlib

import torch

OUT = pathlib.Path("runtime/src/test/resources/goldens/torch_gradients.json")
B, T, F = 3, 5, 4


def gru_perm(t, h):
    """PyTorch's (r, z, n) row blocks -> Keras' (z, r, h)."""
    return torch.cat([t[h:2 * h], t[0:h], t[2 * h:3 * h]], dim=0)


def flat(t):
    return t.detach().contiguous().flatten().tolist()


def case(name, module, kind, units, proj_size, activation):
    torch.manual_seed(zlib.crc32(name.encode()))  # str hash() is salted per process
    with torch.no_grad():
        for _, p in module.named_parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    h_out = proj_size or units
    x = torch.randn(B, T, F, requires_grad=True)
    h0 = (torch.randn(1, B, h_out) * 0.5).requires_grad_()
    c0 = (torch.randn(1, B, units) * 0.5).requires_grad_()
    w_out = torch.randn(B, T, h_out)
    w_c = torch.randn(B, units)
    if kind == "LSTM":
        y, (h_n, c_n) = module(x, (h0, c0))
        loss = (w_out * y).sum() + (w_c * c_n[0]).sum()
    else:
        y, h_n = module(x, h0)
        loss = (w_out * y).sum()
    loss.backward()
    m = module
    w_ih, w_hh = m.weight_ih_l0, m.weight_hh_l0
    b_ih, b_hh = m.bias_ih_l0, m.bias_hh_l0
    if kind == "GRU":
        kernel, recurrent = gru_perm(w_ih, units).T, gru_perm(w_hh, units).T
        bias = torch.cat([gru_perm(b_ih, units), gru_perm(b_hh, units)])
        d_kernel, d_recurrent = gru_perm(w_ih.grad, units).T, gru_perm(w_hh.grad, units).T
        d_bias = torch.cat([gru_perm(b_ih.grad, units), gru_perm(b_hh.grad, units)])
    else:
        kernel, recurrent, bias = w_ih.T, w_hh.T, b_ih + b_hh
        d_kernel, d_recurrent, d_bias = w_ih.grad.T, w_hh.grad.T, b_ih.grad
        assert torch.allclose(b_ih.grad, b_hh.grad)
    out = {
        "name": name,
        "kind": kind,
        "activation": activation,
        "features": F, "units": units, "proj_size": proj_size, "batch": B, "steps": T,
        "description": repr(module),
        "kernel": flat(kernel), "recurrent_kernel": flat(recurrent), "bias": flat(bias),
        "projection_kernel": flat(m.weight_hr_l0.T) if proj_size else [],
        "x": flat(x), "h0": flat(h0[0]), "c0": flat(c0[0]) if kind == "LSTM" else [],
        "w_out": flat(w_out), "w_c": flat(w_c) if kind == "LSTM" else [],
        "loss": float(loss.detach()),
        "d_kernel": flat(d_kernel), "d_recurrent_kernel": flat(d_recurrent), "d_bias": flat(d_bias),
        "d_projection_kernel": flat(m.weight_hr_l0.grad.T) if proj_size else [],
        "d_x": flat(x.grad), "d_h0": flat(h0.grad[0]), "d_c0": flat(c0.grad[0]) if kind == "LSTM" else [],
    }
    return out


def main():
    cases = [
        case("lstm_proj", torch.nn.LSTM(F, 7, proj_size=3, batch_first=True), "LSTM", 7, 3, "tanh"),
        case("lstm_proj_wide", torch.nn.LSTM(F, 20, proj_size=17, batch_first=True), "LSTM", 20, 17, "tanh"),
        case("rnn_relu", torch.nn.RNN(F, 6, nonlinearity="relu", batch_first=True), "RNN", 6, 0, "relu"),
        case("rnn_tanh", torch.nn.RNN(F, 6, nonlinearity="tanh", batch_first=True), "RNN", 6, 0, "tanh"),
        case("gru", torch.nn.GRU(F, 5, batch_first=True), "GRU", 5, 0, "tanh"),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"torch_version": torch.__version__, "cases": cases}))
    print("wrote", OUT, [c["name"] for c in cases])


if __name__ == "__main__":
    main()
