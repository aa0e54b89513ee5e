#!/usr/bin/env python3
"""The benchmark models M1-M5 with shared weights: Keras 3 weight files for rnnc, ONNX for ONNX Runtime.

What it writes, into ``benchmarks/src/main/resources/models/``
-----------------------------------------------------------------
For each model ``mN`` (see ``MODELS``):

* ``mN.weights.h5``: the Keras 3 model's weights (``model.save_weights``), which the generated
  ``RnncMN.load`` reads by layer name;
* ``mN.onnx`` (M1-M4): an equivalent PyTorch 2 model holding the same weights (converted as in
  ``/work/shared/reference/rnn-semantics.md`` section 9, in reverse), exported with the
  TorchScript exporter so that the recurrent layers become ONNX's fused ``LSTM`` / ``GRU`` /
  ``RNN`` operators, which ONNX Runtime runs with its own optimised CPU kernels; static batch 1,
  the latency benchmarks' (``m1_b256.onnx``: the same M1 at batch 256, for throughput);
* ``mN.json``: ``{"model", "description", "input", "keras", "onnx"}``: a few input samples,
  Keras' ``model.predict`` of them and ONNX Runtime's (Python) output of the exported file. The
  Java tests in ``benchmarks/`` check that rnnc, the scalar baselines and ONNX Runtime Java all
  reproduce ``keras`` to 1e-5, i.e. that every implementation benchmarked computes the same
  function with the same weights.

Weights are Keras' default initialisers (glorot_uniform kernels, orthogonal recurrent kernels,
uniform embeddings), seeded, with biases drawn from N(0, 0.1^2) instead of Keras' zeros so that
every bias path is exercised. The script fails if Keras, PyTorch and ONNX Runtime disagree by
more than 2e-6 on the check samples.

How to run (from anywhere; paths are relative to the repository root)::

    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/onnx_models.py

It needs Keras 3.15.1 / TensorFlow 2.21, PyTorch 2.13, onnx and onnxruntime (the project venv).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

import keras  # noqa: E402
from keras import layers  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "src" / "main" / "resources" / "models"
AGREEMENT = 2e-6
THROUGHPUT_BATCH = 256


# ---------------------------------------------------------------------------------------------
# The models, as Keras (layer names = the Java interface's method names) and as PyTorch

def keras_m1():
    x = keras.Input((30, 1))
    y = layers.LSTM(64, return_sequences=True, name="encoder")(x)
    y = layers.LSTM(32, name="summary")(y)
    y = layers.Dense(16, activation="relu", name="hidden")(y)
    y = layers.Dense(1, name="head")(y)
    return keras.Model(x, y, name="m1")


def keras_m2():
    x = keras.Input((200,), dtype="int32")
    y = layers.Embedding(10000, 64, name="embedding")(x)
    y = layers.LSTM(128, name="lstm")(y)
    y = layers.Dense(1, activation="sigmoid", name="out")(y)
    return keras.Model(x, y, name="m2")


def keras_m3():
    x = keras.Input((100, 32))
    y = layers.GRU(256, name="gru")(x)
    y = layers.Dense(10, name="out")(y)
    return keras.Model(x, y, name="m3")


def keras_m4():
    x = keras.Input((10, 5))
    y = layers.SimpleRNN(32, name="rnn")(x)
    y = layers.Dense(1, activation="sigmoid", name="out")(y)
    return keras.Model(x, y, name="m4")


def keras_m5():
    # Streaming: the benchmark steps one timestep per call with carried state; the weights do
    # not depend on T, and the check samples run 8 steps through the model.
    x = keras.Input((8, 1))
    y = layers.LSTM(32, name="lstm")(x)
    y = layers.Dense(1, name="out")(y)
    return keras.Model(x, y, name="m5")


def _lstm(keras_layer, torch_lstm):
    kernel, recurrent, bias = keras_layer.get_weights()  # gate blocks i, f, c, o as PyTorch's
    torch_lstm.weight_ih_l0.data = torch.tensor(kernel.T)
    torch_lstm.weight_hh_l0.data = torch.tensor(recurrent.T)
    torch_lstm.bias_ih_l0.data = torch.tensor(bias)
    torch_lstm.bias_hh_l0.data = torch.zeros_like(torch.tensor(bias))


def _gru(keras_layer, torch_gru):
    kernel, recurrent, bias = keras_layer.get_weights()  # reset_after: bias (2, 3u), blocks z, r, h
    u = recurrent.shape[0]
    perm = np.concatenate([np.arange(u, 2 * u), np.arange(0, u), np.arange(2 * u, 3 * u)])  # -> r, z, n
    torch_gru.weight_ih_l0.data = torch.tensor(kernel[:, perm].T.copy())
    torch_gru.weight_hh_l0.data = torch.tensor(recurrent[:, perm].T.copy())
    torch_gru.bias_ih_l0.data = torch.tensor(bias[0, perm].copy())
    torch_gru.bias_hh_l0.data = torch.tensor(bias[1, perm].copy())


def _rnn(keras_layer, torch_rnn):
    kernel, recurrent, bias = keras_layer.get_weights()
    torch_rnn.weight_ih_l0.data = torch.tensor(kernel.T)
    torch_rnn.weight_hh_l0.data = torch.tensor(recurrent.T)
    torch_rnn.bias_ih_l0.data = torch.tensor(bias)
    torch_rnn.bias_hh_l0.data = torch.zeros_like(torch.tensor(bias))


def _dense(keras_layer, linear):
    kernel, bias = keras_layer.get_weights()
    linear.weight.data = torch.tensor(kernel.T.copy())
    linear.bias.data = torch.tensor(bias)


class TorchM1(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.encoder = nn.LSTM(1, 64, batch_first=True)
        self.summary = nn.LSTM(64, 32, batch_first=True)
        self.hidden = nn.Linear(32, 16)
        self.head = nn.Linear(16, 1)
        _lstm(k.get_layer("encoder"), self.encoder)
        _lstm(k.get_layer("summary"), self.summary)
        _dense(k.get_layer("hidden"), self.hidden)
        _dense(k.get_layer("head"), self.head)

    def forward(self, x):
        y, _ = self.encoder(x)
        _, (h, _) = self.summary(y)
        return self.head(torch.relu(self.hidden(h[0])))


class TorchM2(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.embedding = nn.Embedding(10000, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.out = nn.Linear(128, 1)
        self.embedding.weight.data = torch.tensor(k.get_layer("embedding").get_weights()[0])
        _lstm(k.get_layer("lstm"), self.lstm)
        _dense(k.get_layer("out"), self.out)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.out(h[0]))


class TorchM3(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.gru = nn.GRU(32, 256, batch_first=True)
        self.out = nn.Linear(256, 10)
        _gru(k.get_layer("gru"), self.gru)
        _dense(k.get_layer("out"), self.out)

    def forward(self, x):
        _, h = self.gru(x)
        return self.out(h[0])


class TorchM4(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.rnn = nn.RNN(5, 32, batch_first=True)
        self.out = nn.Linear(32, 1)
        _rnn(k.get_layer("rnn"), self.rnn)
        _dense(k.get_layer("out"), self.out)

    def forward(self, x):
        _, h = self.rnn(x)
        return torch.sigmoid(self.out(h[0]))


# name, Keras builder, PyTorch class (None: no ONNX peer), one-line description, seed
MODELS = [
    ("m1", keras_m1, TorchM1, "(30,1) -> LSTM64 seq -> LSTM32 -> Dense16 relu -> Dense1", 101),
    ("m2", keras_m2, TorchM2, "tokens T=200 -> Embedding(10000,64) -> LSTM128 -> Dense1 sigmoid", 102),
    ("m3", keras_m3, TorchM3, "(100,32) -> GRU256 -> Dense10", 103),
    ("m4", keras_m4, TorchM4, "(10,5) -> SimpleRNN32 -> Dense1 sigmoid", 104),
    ("m5", keras_m5, None, "streaming (1 feature) -> LSTM32 -> Dense1, one step per call", 105),
]


# ---------------------------------------------------------------------------------------------

def build(builder, seed):
    keras.utils.set_random_seed(seed)
    model = builder()
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for var in layer.weights:
            if var.name == "bias":
                var.assign(rng.normal(0.0, 0.1, tuple(var.shape)).astype(np.float32))
    return model


def sample_input(model, seed):
    rng = np.random.default_rng(seed + 1000)
    shape = (3,) + tuple(model.input.shape[1:])
    if model.input.dtype == "int32":
        return rng.integers(0, 10000, shape).astype(np.int32)
    # multiples of 1/256: exact in float32 and short in JSON
    return (np.round(rng.uniform(-1.0, 1.0, shape) * 256) / 256).astype(np.float32)


def export_onnx(torch_model, example, path):
    """Exports with a static batch size (the example's), the most favourable form for ONNX
    Runtime: it folds the initial-state shape computations away (M1 at batch 1: ~5% faster than a
    dynamic-batch export, measured in the same process)."""
    torch_model.eval()
    torch.onnx.export(torch_model, (example,), str(path), dynamo=False, opset_version=17,
                      input_names=["input"], output_names=["output"])
    graph = onnx.load(str(path)).graph
    return sorted({node.op_type for node in graph.node})


def run_onnx(path, x):
    """ONNX Runtime's output for each sample of x, one batch-1 run each."""
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return np.concatenate([session.run(None, {"input": x[i:i + 1]})[0] for i in range(len(x))])


def short(a):
    return [[float(str(np.float32(v))) for v in row] for row in np.asarray(a, dtype=np.float32)]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, builder, torch_class, description, seed in MODELS:
        model = build(builder, seed)
        model.save_weights(OUT / f"{name}.weights.h5")
        x = sample_input(model, seed)
        expected = model.predict(x, verbose=0)
        record = {"model": name, "description": description, "input": x.tolist(), "keras": short(expected)}
        line = f"{name}: {model.count_params()} params"
        if torch_class is not None:
            torch_model = torch_class(model)
            tx = torch.tensor(x.astype(np.int64) if x.dtype == np.int32 else x)
            with torch.no_grad():
                torch_out = torch_model(tx).numpy()
            ops = export_onnx(torch_model, tx[:1], OUT / f"{name}.onnx")
            onnx_out = run_onnx(OUT / f"{name}.onnx", tx.numpy())
            if name == "m1":  # the throughput benchmark's batch
                batch = torch.tensor(np.resize(x, (THROUGHPUT_BATCH,) + x.shape[1:]))
                export_onnx(torch_model, batch, OUT / f"{name}_b{THROUGHPUT_BATCH}.onnx")
                session = ort.InferenceSession(str(OUT / f"{name}_b{THROUGHPUT_BATCH}.onnx"),
                                               providers=["CPUExecutionProvider"])
                batched = session.run(None, {"input": batch.numpy()})[0][:len(x)]
                worst_batched = np.abs(batched - expected).max()
                if worst_batched > AGREEMENT:
                    raise SystemExit(f"{name} batch {THROUGHPUT_BATCH}: disagrees with Keras by {worst_batched}")
            record["onnx"] = short(onnx_out)
            worst = max(np.abs(torch_out - expected).max(), np.abs(onnx_out - expected).max())
            line += f", ONNX ops {ops}, max |torch, onnx - keras| = {worst:.2e}"
            if worst > AGREEMENT:
                raise SystemExit(f"{name}: PyTorch/ONNX disagree with Keras by {worst}")
        (OUT / f"{name}.json").write_text(json.dumps(record, separators=(",", ":")) + "\n")
        print(line)


if __name__ == "__main__":
    main()
