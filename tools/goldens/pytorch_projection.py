"""Fixture for rnnc's @LSTM(projSize): a real PyTorch 2.x nn.LSTM with proj_size.

Writes examples/src/test/resources/fixtures/torch_lstm_proj.json: the weights already converted to
rnnc's (Keras-style) layout per layer — kernel = W_ih.T, recurrent_kernel = W_hh.T, bias = b_ih + b_hh
(same i, f, g, o gate order, rnn-semantics.md §9), projection_kernel = W_hr.T — plus inputs and
PyTorch's outputs (the top layer's output sequence) and h_n/c_n.

Run from the repository root:  .venv/bin/python tools/goldens/pytorch_projection.py
"""
import json
import pathlib

import torch

OUT = pathlib.Path("examples/src/test/resources/fixtures/torch_lstm_proj.json")


def main():
    torch.manual_seed(7)
    lstm = torch.nn.LSTM(input_size=3, hidden_size=8, num_layers=2, proj_size=5, batch_first=True)
    with torch.no_grad():
        for name, p in lstm.named_parameters():
            p.copy_(torch.randn_like(p) * 0.4)
    x = torch.randn(3, 6, 3)
    with torch.no_grad():
        y, (h_n, c_n) = lstm(x)
    layers = {}
    for k in range(2):
        w_ih = getattr(lstm, f"weight_ih_l{k}").detach()
        w_hh = getattr(lstm, f"weight_hh_l{k}").detach()
        b = (getattr(lstm, f"bias_ih_l{k}") + getattr(lstm, f"bias_hh_l{k}")).detach()
        w_hr = getattr(lstm, f"weight_hr_l{k}").detach()
        layers[f"layer{k}"] = {
            "kernel": w_ih.T.contiguous().flatten().tolist(),
            "recurrent_kernel": w_hh.T.contiguous().flatten().tolist(),
            "bias": b.flatten().tolist(),
            "projection_kernel": w_hr.T.contiguous().flatten().tolist(),
        }
    OUT.write_text(json.dumps({
        "case": "torch_lstm_proj",
        "torch_version": torch.__version__,
        "description": "nn.LSTM(input_size=3, hidden_size=8, num_layers=2, proj_size=5, batch_first=True)",
        "weights": layers,
        "input": x.tolist(),
        "expected": y.tolist(),
        "h_n": h_n.tolist(),
        "c_n": c_n.tolist(),
    }))
    print("wrote", OUT, "max |y|", float(y.abs().max()))


if __name__ == "__main__":
    main()
