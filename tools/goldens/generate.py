#!/usr/bin/env python3
"""Golden fixtures for rnnc, written by real Keras 3 (TensorFlow backend, CPU).

What it writes
--------------
``--fixtures`` (parity-test fixtures) into ``examples/src/test/resources/fixtures/``:

* ``<case>.weights.h5`` (``model.save_weights``) or, for ``keras_zip``, ``<case>.keras``
  (``model.save``, the zipped Keras 3 format);
* ``<case>.json``::

      {"case": "lstm_basic",
       "keras_version": "3.15.1",
       "description": "Sequential lstm_basic: Input(8, 3) -> LSTM recurrent(units=5) -> (5,) | 180 params",
       "weights": "lstm_basic.weights.h5",
       "layers": ["recurrent (LSTM)"],
       "input": [[[...], ...], ...],     # (B, T, F) floats, or (B, T) ints for token models
       "expected": [[...], ...]}         # model.predict(input): (B, units) or (B, T, units)

  ``variable_length.json`` (input shape ``(None, 2)``) additionally holds ``"runs"``: a list of
  ``{"timesteps": T, "input": (B, T, 2), "expected": (B, 2)}`` for several T; its top-level
  ``input``/``expected`` repeat the first run, so a reader that ignores ``runs`` still works.

  Masked cases (a ``Masking`` layer or ``Embedding(mask_zero=True)``) take five padded samples
  (none, right, left, interior gaps, all padding) and add ``"samples"``: one note per sample
  saying how it is padded. Stateful cases (``Input(batch_size=1)``) have no top-level
  ``input``/``expected``; they hold ``"batch_shape"``, ``"streaming"`` and ``"calls"``, a list
  of ``{"reset_before": bool, "input": (T, F), "expected": output}`` made by consecutive
  ``predict`` calls on one model (batch axis dropped); see ``tools/goldens/README.md``.

  Every case is built with explicit layer names equal to the Java method names of its
  interface (load-by-name), except ``default_names``, whose layers keep Keras' automatic names
  (``lstm``, ``lstm_1``, ``dropout``, ``dense``, ``dense_1``: load-by-order).
  All weights are set explicitly from NumPy generators seeded by the case name: kernels
  ~ N(0, s^2) with s = min(0.6, 1.6/sqrt(fan_in)) (min(0.4, 1.0/sqrt(fan_in)) for the
  unbounded-activation cases, so they stay near unit scale), biases ~ N(0, 0.3^2) (never
  Keras' zeros), embeddings ~ N(0, 0.5^2). Inputs are N(0, 1) (x2 for the bounded-activation
  cases), token ids uniform in [0, input_dim) with a few 0s and input_dim - 1. The .json and
  .weights.h5 files are byte-identical on every run; the .keras zip differs in date_saved.

  Each case is also recomputed with an independent float64 NumPy implementation of the Keras
  math (``reference_forward`` below); the script prints the max |keras - numpy64| per case and
  fails if it exceeds 2e-6, so a fixture can be trusted at the tests' 1e-5 tolerance.

``--forecaster`` (the example's trained model) into ``examples/src/main/resources/``:

* ``forecaster.keras``: (30, 1) -> LSTM(64, seq, "encoder") -> Dropout(0.2, "drop") ->
  LSTM(32, "summary") -> Dense(16, relu, "hidden") -> Dense(1, "head"), trained with Adam/MSE
  for a few epochs on synthetic hourly temperatures (daily cycle + weekly cycle + trend +
  AR(1) noise), one-step-ahead on normalised 30-step windows; saved with its optimizer state;
* ``forecaster-check.json``: normalisation constants (``mean``, ``std``), a few test windows
  (raw and normalised), Keras' predictions for them (normalised and in degrees), and the
  true next values. The final loss/val_loss are printed.

With no flag it does both.

How to run
----------
It needs the project's Python venv with Keras 3.15.1 / TensorFlow 2.21 (see
``tools/goldens/README.md`` for how to create it)::

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/generate.py            # everything
    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/generate.py --fixtures
    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/generate.py --forecaster
    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/generate.py --fixtures --case lstm_basic

Run it from anywhere; paths are relative to the repository root (two levels above this file).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

tf.get_logger().setLevel("ERROR")  # silences predict's retracing warnings (variable_length)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "examples" / "src" / "test" / "resources" / "fixtures"
RESOURCES = ROOT / "examples" / "src" / "main" / "resources"

# A fixture is trusted only if Keras (float32) and the float64 re-implementation agree this well.
REFERENCE_TOLERANCE = 2e-6

ACTIVATIONS = ["tanh", "sigmoid", "relu", "hard_sigmoid", "linear", "elu", "selu", "gelu",
               "swish", "softplus", "softsign"]


# ---------------------------------------------------------------------------------------------
# JSON helpers

def _short(v) -> float:
    """The float64 whose shortest repr is the shortest decimal that round-trips the float32 v."""
    return float(str(np.float32(v)))


def to_json_array(a: np.ndarray):
    a = np.asarray(a)
    if np.issubdtype(a.dtype, np.integer):
        return a.astype(np.int64).tolist()
    flat = [_short(v) for v in a.astype(np.float32).ravel()]
    if a.ndim == 0:
        return flat[0]
    out = np.array(flat, dtype=object).reshape(a.shape)
    return out.tolist()


def write_json(path: Path, obj) -> None:
    # compact rows, one sample per line: readable diffs without a huge file
    text = json.dumps(obj, separators=(",", ":"))
    path.write_text(text + "\n")


# ---------------------------------------------------------------------------------------------
# Weights and inputs

def case_rng(name: str, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()) + 1_000_003 * salt)


def randomize_weights(model: keras.Model, rng: np.random.Generator, cap: float = 0.6,
                      gain: float = 1.6) -> None:
    """Overwrites every variable with non-constant random values (biases included).

    Kernels ~ N(0, s^2), s = min(cap, gain / sqrt(fan_in)): large enough that gates and
    activations leave their linear range, small enough that nothing saturates everywhere.
    """
    for layer in model.layers:
        for var in layer.weights:
            shape = tuple(var.shape)
            name = var.name
            if name in ("kernel", "recurrent_kernel"):
                fan_in = shape[0]
                scale = min(cap, gain / math.sqrt(fan_in))
                value = rng.normal(0.0, scale, shape)
            elif name == "bias":
                value = rng.normal(0.0, 0.3, shape)
            elif name == "embeddings":
                value = rng.normal(0.0, 0.5, shape)
            else:
                raise ValueError(f"unexpected variable {var.path}")
            var.assign(value.astype(np.float32))


def float_input(rng, batch, timesteps, features):
    return rng.normal(0.0, 1.0, (batch, timesteps, features)).astype(np.float32)


def token_input(rng, batch, timesteps, vocab):
    ids = rng.integers(0, vocab, (batch, timesteps)).astype(np.int32)
    ids[0, 0] = 0
    ids[-1, timesteps // 2] = 0
    ids[1 % batch, -1] = vocab - 1
    return ids


# ---------------------------------------------------------------------------------------------
# Independent float64 re-implementation of the Keras math (rnn-semantics.md sections 2-5)

def _act(name):
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    erf = np.vectorize(math.erf)
    table = {
        "linear": lambda x: x,
        "tanh": np.tanh,
        "sigmoid": sig,
        "relu": lambda x: np.maximum(x, 0.0),
        "hard_sigmoid": lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0),  # Keras 3: relu6(x+3)/6
        "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
        "selu": lambda x: 1.0507009873554805 * np.where(
            x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0.0))),
        "gelu": lambda x: 0.5 * x * (1.0 + erf(x / math.sqrt(2.0))),  # exact (approximate=False)
        "swish": lambda x: x * sig(x),
        "silu": lambda x: x * sig(x),  # Keras 3 serialises activation="swish" as "silu"
        "softplus": lambda x: np.logaddexp(0.0, x),
        "softsign": lambda x: x / (1.0 + np.abs(x)),
        "softmax": lambda x: (lambda e: e / e.sum(-1, keepdims=True))(
            np.exp(x - x.max(-1, keepdims=True))),
    }
    return table[name]


def _cell_step(cls, cfg, w, xt, state):
    """One timestep of a Keras cell (rnn-semantics.md section 2): (output, new states)."""
    W, U = w[0], w[1]
    b = w[2] if cfg["use_bias"] else None
    u = cfg["units"]
    a = _act(cfg["activation"])
    h = state[0]
    if cls == "SimpleRNN":
        h = a(xt @ W + h @ U + (b if b is not None else 0.0))
        return h, [h]
    ra = _act(cfg["recurrent_activation"])
    if cls == "LSTM":
        c = state[1]
        z = xt @ W + h @ U + (b if b is not None else 0.0)
        i, f, g, o = ra(z[:, :u]), ra(z[:, u:2 * u]), a(z[:, 2 * u:3 * u]), ra(z[:, 3 * u:])
        c = f * c + i * g
        h = o * a(c)
        return h, [h, c]
    if cls == "GRU":
        if cfg["reset_after"]:
            mx = xt @ W + (b[0] if b is not None else 0.0)
            mh = h @ U + (b[1] if b is not None else 0.0)
            zg = ra(mx[:, :u] + mh[:, :u])
            r = ra(mx[:, u:2 * u] + mh[:, u:2 * u])
            hh = a(mx[:, 2 * u:] + r * mh[:, 2 * u:])
        else:
            mx = xt @ W + (b if b is not None else 0.0)
            zg = ra(mx[:, :u] + h @ U[:, :u])
            r = ra(mx[:, u:2 * u] + h @ U[:, u:2 * u])
            hh = a(mx[:, 2 * u:] + (r * h) @ U[:, 2 * u:])
        h = zg * h + (1.0 - zg) * hh
        return h, [h]
    raise ValueError(cls)


def _rnn(layer, x, mask=None, state=None, *, go_backwards=None, zero_output=None):
    """Runs a SimpleRNN/LSTM/GRU layer over x (B, T, F), as the TF backend's generic loop.

    Masking (rnn-semantics.md section 3): at a masked step the states are carried unchanged and
    the output is the previous output (zeros before the first step), or zeros with
    zero_output_for_mask. go_backwards visits t = T-1 ... 0 and keeps the outputs in that
    processing order (section 4). ``go_backwards``/``zero_output`` override the layer's config
    (Bidirectional sets them itself). Returns (outputs (B, T, u), last output, final states).
    """
    cfg = layer.get_config()
    cls = type(layer).__name__
    w = [np.asarray(v, dtype=np.float64) for v in layer.get_weights()]
    u = cfg["units"]
    backwards = cfg["go_backwards"] if go_backwards is None else go_backwards
    zero = cfg["zero_output_for_mask"] if zero_output is None else zero_output
    B, T, _ = x.shape
    if state is None:
        state = [np.zeros((B, u)) for _ in range(2 if cls == "LSTM" else 1)]
    prev = np.zeros((B, u))
    outs = []
    for t in (range(T - 1, -1, -1) if backwards else range(T)):
        out, new = _cell_step(cls, cfg, w, x[:, t, :], state)
        if mask is not None:
            m = mask[:, t][:, None]
            new = [np.where(m, n, s) for n, s in zip(new, state)]
            out = np.where(m, out, 0.0 if zero else prev)
        state, prev = new, out
        outs.append(out)
    return np.stack(outs, axis=1), outs[-1], state


_MERGE = {
    "concat": lambda f, b: np.concatenate([f, b], axis=-1),
    "sum": lambda f, b: f + b,
    "ave": lambda f, b: (f + b) / 2.0,
    "mul": lambda f, b: f * b,
}


def reference_forward(model: keras.Model, x: np.ndarray, states: dict | None = None,
                      masks: bool = True) -> np.ndarray:
    """The model's output in float64, following the Keras 3.15 rules (not Keras code).

    Masks: Masking gives any(x != mask_value) and zeroes masked steps; Embedding(mask_zero)
    gives ids != 0; Dense, TimeDistributed and Dropout pass the mask on; an RNN or
    Bidirectional passes it on only with return_sequences (3.15; dropped in 3.16-dev).
    ``states`` (layer name -> states) carries stateful layers' states across calls;
    ``masks=False`` ignores every mask (to show that a fixture's padding matters).
    """
    y = x if np.issubdtype(x.dtype, np.integer) else x.astype(np.float64)
    mask = None
    for layer in model.layers:
        cls = type(layer).__name__
        cfg = layer.get_config()
        if cls == "InputLayer":
            continue
        if cls == "Embedding":
            ids = y
            y = np.asarray(layer.get_weights()[0], dtype=np.float64)[ids]
            mask = (ids != 0) if cfg["mask_zero"] and masks else None
        elif cls == "Masking":
            keep = np.any(y != float(cfg["mask_value"]), axis=-1)
            y = np.where(keep[..., None], y, 0.0)
            mask = keep if masks else None
        elif cls == "Dropout":
            pass
        elif cls in ("Dense", "TimeDistributed"):
            dense = layer.layer if cls == "TimeDistributed" else layer
            dcfg = dense.get_config()
            w = [np.asarray(v, dtype=np.float64) for v in dense.get_weights()]
            z = y @ w[0] + (w[1] if dcfg["use_bias"] else 0.0)
            y = _act(dcfg["activation"])(z)
        elif cls in ("LSTM", "GRU", "SimpleRNN"):
            init = states.get(layer.name) if (cfg["stateful"] and states is not None) else None
            seq, last, final = _rnn(layer, y, mask, init)
            if cfg["stateful"] and states is not None:
                states[layer.name] = final
            y = seq if cfg["return_sequences"] else last
            mask = mask if cfg["return_sequences"] else None
        elif cls == "Bidirectional":
            inner = layer.forward_layer.get_config()
            seq_out = inner["return_sequences"]
            # Bidirectional forces zero_output_for_mask = return_sequences on both directions
            f_seq, f_last, _ = _rnn(layer.forward_layer, y, mask, go_backwards=False, zero_output=seq_out)
            b_seq, b_last, _ = _rnn(layer.backward_layer, y, mask, go_backwards=True, zero_output=seq_out)
            if seq_out:
                y = _MERGE[cfg["merge_mode"]](f_seq, b_seq[:, ::-1, :])  # backward re-flipped to input order
            else:
                y = _MERGE[cfg["merge_mode"]](f_last, b_last)
                mask = None
        else:
            raise ValueError(f"no reference for {cls}")
    return y


# ---------------------------------------------------------------------------------------------
# Model description (one line, Keras vocabulary)

_RNN_DEFAULTS = {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
                 "reset_after": True, "return_sequences": False, "go_backwards": False,
                 "stateful": False, "unroll": False, "zero_output_for_mask": False}


def _layer_opts(cls: str, cfg: dict) -> list[str]:
    if cls in ("LSTM", "GRU", "SimpleRNN"):
        opts = [f"units={cfg['units']}"]
        for k, d in _RNN_DEFAULTS.items():
            if k in cfg and cfg[k] != d:
                opts.append(f"{k}={cfg[k]}")
    elif cls == "Dense":
        opts = [f"units={cfg['units']}"]
        if cfg["activation"] != "linear":
            opts.append(f"activation={cfg['activation']}")
        if not cfg["use_bias"]:
            opts.append("use_bias=False")
    elif cls == "Embedding":
        opts = [f"input_dim={cfg['input_dim']}", f"output_dim={cfg['output_dim']}"]
        if cfg["mask_zero"]:
            opts.append("mask_zero=True")
    elif cls == "Dropout":
        opts = [f"rate={cfg['rate']}"]
    elif cls == "Masking":
        opts = [f"mask_value={cfg['mask_value']}"]
    else:
        opts = []
    return opts


def describe(model: keras.Model, input_shape) -> str:
    batch = model.inputs[0].shape[0]
    parts = ["Input(" + ("" if batch is None else f"batch_size={batch}, ")
             + ", ".join("None" if d is None else str(d) for d in input_shape)
             + (", int32" if model.inputs[0].dtype.startswith("int") else "") + ")"]
    for layer in model.layers:
        cls = type(layer).__name__
        cfg = layer.get_config()
        if cls == "InputLayer":
            continue
        if cls == "Bidirectional":
            inner = layer.forward_layer
            icfg = dict(inner.get_config(), zero_output_for_mask=False)  # forced by the wrapper
            opts = [f"merge_mode={cfg['merge_mode']}",
                    f"{type(inner).__name__}({', '.join(_layer_opts(type(inner).__name__, icfg))})"]
        elif cls == "TimeDistributed":
            inner = layer.layer
            opts = [f"{type(inner).__name__}({', '.join(_layer_opts(type(inner).__name__, inner.get_config()))})"]
        else:
            opts = _layer_opts(cls, cfg)
        parts.append(f"{cls} {layer.name}({', '.join(opts)})")
    out = tuple(model.outputs[0].shape[1:])
    kind = "Sequential" if isinstance(model, keras.Sequential) else "Functional"
    return (f"{kind} {model.name}: " + " -> ".join(parts)
            + f" -> {'(' + ', '.join('None' if d is None else str(d) for d in out) + (',)' if len(out) == 1 else ')')}"
            + f" | {model.count_params()} params")


# ---------------------------------------------------------------------------------------------
# Cases

def build(name, input_shape, stack, *, functional=False, dtype="float32", batch_size=None):
    inp = keras.Input(shape=input_shape, dtype=dtype, batch_size=batch_size,
                      name="input" if functional else None)
    if functional:
        y = inp
        for layer in stack:
            y = layer(y)
        return keras.Model(inp, y, name=name)
    return keras.Sequential([inp, *stack], name=name)


CASES = {}


def case(fn):
    CASES[fn.__name__.removeprefix("case_")] = fn
    return fn


# Each case function returns (model, input_shape, input_batch) or, for variable_length,
# (model, input_shape, [batches...]).

@case
def case_lstm_basic(rng):
    m = build("lstm_basic", (8, 3), [layers.LSTM(5, name="recurrent")])
    return m, (8, 3), float_input(rng, 3, 8, 3)


@case
def case_lstm_stack(rng):
    m = build("lstm_stack", (10, 4), [
        layers.LSTM(16, return_sequences=True, name="encoder"),
        layers.Dropout(0.2, name="drop"),
        layers.LSTM(7, name="summary"),
        layers.Dense(5, activation="relu", name="hidden"),
        layers.Dense(1, name="head"),
    ], functional=True)
    return m, (10, 4), float_input(rng, 4, 10, 4)


@case
def case_lstm_options(rng):
    m = build("lstm_options", (6, 3), [
        layers.LSTM(7, activation="relu", recurrent_activation="hard_sigmoid", use_bias=False,
                    return_sequences=True, name="recurrent"),
    ])
    return m, (6, 3), float_input(rng, 3, 6, 3)


@case
def case_lstm_seq_out(rng):
    m = build("lstm_seq_out", (5, 2), [
        layers.LSTM(9, return_sequences=True, name="recurrent"),
        layers.Dense(3, activation="softmax", name="classifier"),
    ])
    return m, (5, 2), float_input(rng, 3, 5, 2)


@case
def case_gru_reset_after(rng):
    m = build("gru_reset_after", (7, 3), [layers.GRU(5, name="recurrent")])
    return m, (7, 3), float_input(rng, 3, 7, 3)


@case
def case_gru_reset_before(rng):
    m = build("gru_reset_before", (7, 3), [
        layers.GRU(6, reset_after=False, return_sequences=True, name="first"),
        layers.GRU(4, reset_after=False, name="second"),
    ])
    return m, (7, 3), float_input(rng, 4, 7, 3)


@case
def case_gru_options(rng):
    m = build("gru_options", (6, 4), [
        layers.GRU(9, activation="elu", recurrent_activation="hard_sigmoid", use_bias=False,
                   name="recurrent"),
        layers.Dense(2, activation="sigmoid", name="head"),
    ])
    return m, (6, 4), float_input(rng, 3, 6, 4)


@case
def case_simple_rnn(rng):
    m = build("simple_rnn", (9, 3), [
        layers.SimpleRNN(6, return_sequences=True, name="first"),
        layers.SimpleRNN(4, activation="relu", use_bias=False, name="second"),
        layers.Dense(1, name="head"),
    ])
    return m, (9, 3), float_input(rng, 3, 9, 3)


@case
def case_simple_rnn_vectors(rng):
    # tanh layers of 32, 16 and 8 units: one or two whole vectors at 512, 256 or 128 bits, the
    # sizes rnnc runs through steps specialised to the layer (SizedSteps)
    m = build("simple_rnn_vectors", (7, 3), [
        layers.SimpleRNN(32, return_sequences=True, name="first"),
        layers.SimpleRNN(16, return_sequences=True, name="second"),
        layers.SimpleRNN(8, name="third"),
        layers.Dense(2, name="head"),
    ])
    return m, (7, 3), float_input(rng, 5, 7, 3)


@case
def case_embedding_lstm(rng):
    m = build("embedding_lstm", (12,), [
        layers.Embedding(50, 8, name="embed"),
        layers.LSTM(6, name="recurrent"),
        layers.Dense(1, activation="sigmoid", name="head"),
    ], dtype="int32")
    return m, (12,), token_input(rng, 4, 12, 50)


@case
def case_embedding_gru_seq(rng):
    m = build("embedding_gru_seq", (6,), [
        layers.Embedding(20, 5, name="embed"),
        layers.GRU(7, return_sequences=True, name="recurrent"),
        layers.Dense(4, activation="softmax", name="tagger"),
    ], dtype="int32", functional=True)
    return m, (6,), token_input(rng, 3, 6, 20)


VARIABLE_LENGTHS = [5, 1, 2, 13, 40]


@case
def case_variable_length(rng):
    m = build("variable_length", (None, 2), [
        layers.GRU(4, name="recurrent"),
        layers.Dense(2, name="head"),
    ])
    return m, (None, 2), [float_input(rng, 3, t, 2) for t in VARIABLE_LENGTHS]


BOUNDED_ACTIVATIONS = {"tanh", "sigmoid", "hard_sigmoid", "softsign"}


def _activation_case(a):
    bounded = a in BOUNDED_ACTIVATIONS

    def fn(rng):
        m = build(f"activation_{a}", (5, 3), [
            layers.SimpleRNN(6, activation=a, return_sequences=True, name="recurrent"),
            layers.Dense(4, activation=a, name="head"),
        ])
        # bounded activations get wider pre-activations (hard_sigmoid's clip at +-3 is reached);
        # unbounded ones (softplus, linear, selu, ...) smaller weights, or the recurrence grows
        x = float_input(rng, 3, 5, 3) * (2.0 if bounded else 1.0)
        return m, (5, 3), x
    fn.__name__ = f"case_activation_{a}"
    fn.weight_scale = (0.6, 1.6) if bounded else (0.4, 1.0)
    return fn


for _a in ACTIVATIONS:
    case(_activation_case(_a))


@case
def case_default_names(rng):
    # no names: Keras picks lstm, dropout, lstm_1, dense, dense_1 (session cleared before each case)
    m = build("default_names", (10, 4), [
        layers.LSTM(16, return_sequences=True),
        layers.Dropout(0.2),
        layers.LSTM(7),
        layers.Dense(5, activation="relu"),
        layers.Dense(1),
    ])
    names = [l.name for l in m.layers]
    assert names == ["lstm", "dropout", "lstm_1", "dense", "dense_1"], names
    return m, (10, 4), float_input(rng, 3, 10, 4)


@case
def case_keras_zip(rng):
    m = build("keras_zip", (6, 3), [
        layers.GRU(13, return_sequences=True, name="encoder"),
        layers.GRU(5, name="summary"),
        layers.Dense(2, activation="tanh", name="head"),
    ], functional=True)
    return m, (6, 3), float_input(rng, 3, 6, 3)


@case
def case_m1(rng):
    m = build("m1", (30, 1), [
        layers.LSTM(64, return_sequences=True, name="encoder"),
        layers.LSTM(32, name="summary"),
        layers.Dense(16, activation="relu", name="hidden"),
        layers.Dense(1, name="head"),
    ], functional=True)
    return m, (30, 1), float_input(rng, 4, 30, 1)


@case
def case_wide(rng):
    m = build("wide", (4, 20), [
        layers.LSTM(33, return_sequences=True, name="encoder"),
        layers.GRU(17, return_sequences=True, name="middle"),
        layers.SimpleRNN(65, name="summary"),
        layers.Dense(3, name="head"),
    ])
    return m, (4, 20), float_input(rng, 3, 4, 20)


# ---------------------------------------------------------------------------------------------
# Issue 3 cases: go_backwards, masking, Bidirectional, TimeDistributed, stateful, unroll

# what each sample of the padded inputs below is, written into the fixture as "samples"
FLOAT_PADDING_NOTES = [
    "no padding (one feature of step 1 equals the mask value)",
    "right padding: last 3 steps",
    "left padding: first 3 steps",
    "interior gaps: steps 2, 4, 5 (step 6 has one feature equal to the mask value)",
    "fully padded",
]
TOKEN_PADDING_NOTES = [
    "no padding",
    "right padding: last 4 ids",
    "left padding: first 3 ids",
    "interior zeros: ids 2 and 5",
    "all padding",
]


def padded_float_input(rng, timesteps, features, mask_value=0.0):
    """Five samples (timesteps >= 8) whose padded steps hold mask_value in every feature.

    0: no padding, but one feature of step 1 equals mask_value (a real step);
    1: right padding (last 3 steps); 2: left padding (first 3 steps);
    3: interior gaps (steps 2, 4, 5), plus a real step with one feature at mask_value;
    4: fully padded.
    """
    x = rng.normal(0.0, 1.0, (5, timesteps, features)).astype(np.float32)
    x[0, 1, 0] = mask_value
    x[1, timesteps - 3:] = mask_value
    x[2, :3] = mask_value
    x[3, [2, 4, 5]] = mask_value
    x[3, 6, features - 1] = mask_value
    x[4] = mask_value
    return x


def padded_token_input(rng, timesteps, vocab):
    """Five rows of ids (timesteps >= 8), 0 = padding: 0 none (and the largest id), 1 right-padded
    (last 4), 2 left-padded (first 3), 3 interior zeros (steps 2 and 5), 4 all padding."""
    ids = rng.integers(1, vocab, (5, timesteps)).astype(np.int32)
    ids[0, -1] = vocab - 1
    ids[1, timesteps - 4:] = 0
    ids[2, :3] = 0
    ids[3, [2, 5]] = 0
    ids[4] = 0
    return ids


# go_backwards

@case
def case_lstm_go_backwards(rng):
    m = build("lstm_go_backwards", (7, 3), [layers.LSTM(5, go_backwards=True, name="recurrent")])
    return m, (7, 3), float_input(rng, 3, 7, 3)


@case
def case_gru_go_backwards_seq(rng):
    m = build("gru_go_backwards_seq", (6, 3), [
        layers.GRU(6, go_backwards=True, return_sequences=True, name="recurrent"),
    ])
    return m, (6, 3), float_input(rng, 3, 6, 3)


@case
def case_simple_rnn_go_backwards_stack(rng):
    m = build("simple_rnn_go_backwards_stack", (8, 3), [
        layers.SimpleRNN(6, go_backwards=True, return_sequences=True, name="reverse"),
        layers.LSTM(5, name="forward"),
        layers.Dense(1, name="head"),
    ])
    return m, (8, 3), float_input(rng, 3, 8, 3)


# masking (Masking layer, float input)

@case
def case_masking_lstm_seq(rng):
    m = build("masking_lstm_seq", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.LSTM(6, return_sequences=True, name="recurrent"),
        layers.Dense(2, name="head"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_gru(rng):
    m = build("masking_gru", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.GRU(5, name="recurrent"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_zero_output_seq(rng):
    m = build("masking_zero_output_seq", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.LSTM(6, return_sequences=True, zero_output_for_mask=True, name="recurrent"),
        layers.Dense(2, name="head"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_zero_output_last(rng):
    # honoured with return_sequences=False too: a right-padded row returns zeros
    m = build("masking_zero_output_last", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.LSTM(5, zero_output_for_mask=True, name="recurrent"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_gru_zero_output_seq(rng):
    m = build("masking_gru_zero_output_seq", (8, 2), [
        layers.Masking(0.0, name="mask"),
        layers.GRU(5, reset_after=False, return_sequences=True, zero_output_for_mask=True,
                   name="recurrent"),
    ])
    return m, (8, 2), padded_float_input(rng, 8, 2)


@case
def case_masking_lstm_stack(rng):
    # Keras 3.15: the mask reaches the second LSTM (3.16-dev would drop it)
    m = build("masking_lstm_stack", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.LSTM(6, return_sequences=True, name="encoder"),
        layers.LSTM(4, name="summary"),
        layers.Dense(1, name="head"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_simple_rnn_go_backwards(rng):
    m = build("masking_simple_rnn_go_backwards", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.SimpleRNN(5, go_backwards=True, return_sequences=True, name="recurrent"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_gru_go_backwards(rng):
    m = build("masking_gru_go_backwards", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.GRU(4, go_backwards=True, name="recurrent"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_masking_value_minus_one(rng):
    m = build("masking_value_minus_one", (8, 3), [
        layers.Masking(-1.0, name="mask"),
        layers.LSTM(5, name="recurrent"),
        layers.Dense(2, name="head"),
    ])
    x = padded_float_input(rng, 8, 3, mask_value=-1.0)
    x[0, 4] = 0.0  # an all-zero step is real under mask_value=-1
    x[3, 7] = 0.0
    return m, (8, 3), x


# Embedding(mask_zero)

@case
def case_embedding_mask_zero_lstm(rng):
    m = build("embedding_mask_zero_lstm", (10,), [
        layers.Embedding(30, 6, mask_zero=True, name="embed"),
        layers.LSTM(5, name="recurrent"),
        layers.Dense(1, activation="sigmoid", name="head"),
    ], dtype="int32")
    return m, (10,), padded_token_input(rng, 10, 30)


@case
def case_embedding_mask_zero_gru_seq(rng):
    m = build("embedding_mask_zero_gru_seq", (8,), [
        layers.Embedding(20, 5, mask_zero=True, name="embed"),
        layers.GRU(6, return_sequences=True, name="recurrent"),
        layers.Dense(4, activation="softmax", name="tagger"),
    ], dtype="int32", functional=True)
    return m, (8,), padded_token_input(rng, 8, 20)


# Bidirectional

MERGE_MODES = ["concat", "sum", "mul", "ave"]


def _bidi_lstm_case(mode, seq):
    name = f"bidi_lstm_{mode}" + ("_seq" if seq else "")

    def fn(rng):
        m = build(name, (6, 3), [
            layers.Bidirectional(layers.LSTM(5, return_sequences=seq, name="lstm"),
                                 merge_mode=mode, name="encoder"),
        ])
        return m, (6, 3), float_input(rng, 3, 6, 3)
    fn.__name__ = f"case_{name}"
    return fn


for _mode in MERGE_MODES:
    for _seq in (True, False):
        case(_bidi_lstm_case(_mode, _seq))


@case
def case_bidi_gru_reset_after(rng):
    m = build("bidi_gru_reset_after", (7, 3), [
        layers.Bidirectional(layers.GRU(5, return_sequences=True, name="gru"), name="encoder"),
        layers.Dense(2, name="head"),
    ])
    return m, (7, 3), float_input(rng, 3, 7, 3)


@case
def case_bidi_gru_reset_before(rng):
    m = build("bidi_gru_reset_before", (7, 3), [
        layers.Bidirectional(layers.GRU(4, reset_after=False, name="gru"), merge_mode="sum",
                             name="encoder"),
    ])
    return m, (7, 3), float_input(rng, 3, 7, 3)


@case
def case_bidi_simple_rnn(rng):
    m = build("bidi_simple_rnn", (6, 3), [
        layers.Bidirectional(layers.SimpleRNN(6, return_sequences=True, name="rnn"),
                             merge_mode="ave", name="encoder"),
        layers.Dense(1, name="head"),
    ])
    return m, (6, 3), float_input(rng, 3, 6, 3)


@case
def case_bidi_stacked(rng):
    m = build("bidi_stacked", (8, 3), [
        layers.Bidirectional(layers.LSTM(6, return_sequences=True, name="lstm"), name="first"),
        layers.Bidirectional(layers.GRU(4, name="gru"), merge_mode="mul", name="second"),
        layers.Dense(2, name="head"),
    ], functional=True)
    return m, (8, 3), float_input(rng, 3, 8, 3)


@case
def case_bidi_masking(rng):
    m = build("bidi_masking", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.Bidirectional(layers.LSTM(5, return_sequences=True, name="lstm"), name="encoder"),
        layers.Dense(2, name="head"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_bidi_masking_last(rng):
    m = build("bidi_masking_last", (8, 3), [
        layers.Masking(0.0, name="mask"),
        layers.Bidirectional(layers.LSTM(5, name="lstm"), merge_mode="ave", name="encoder"),
    ])
    return m, (8, 3), padded_float_input(rng, 8, 3)


@case
def case_bidi_mask_zero(rng):
    m = build("bidi_mask_zero", (10,), [
        layers.Embedding(25, 6, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.GRU(4, name="gru"), name="encoder"),
        layers.Dense(1, activation="sigmoid", name="head"),
    ], dtype="int32")
    return m, (10,), padded_token_input(rng, 10, 25)


@case
def case_bidi_lstm_then_lstm(rng):
    m = build("bidi_lstm_then_lstm", (7, 3), [
        layers.Bidirectional(layers.LSTM(6, return_sequences=True, name="lstm"), name="encoder"),
        layers.LSTM(5, name="summary"),
        layers.Dense(2, name="head"),
    ])
    return m, (7, 3), float_input(rng, 3, 7, 3)


@case
def case_bidi_tagger(rng):
    m = build("bidi_tagger", (8,), [
        layers.Embedding(20, 5, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True, name="lstm"), name="encoder"),
        layers.TimeDistributed(layers.Dense(3, activation="softmax"), name="tagger"),
    ], dtype="int32")
    return m, (8,), padded_token_input(rng, 8, 20)


# TimeDistributed

@case
def case_time_distributed_dense(rng):
    m = build("time_distributed_dense", (5, 3), [
        layers.LSTM(7, return_sequences=True, name="recurrent"),
        layers.TimeDistributed(layers.Dense(3, activation="softmax"), name="classifier"),
    ])
    return m, (5, 3), float_input(rng, 3, 5, 3)


# stateful and streaming: one stream, batch size 1, consecutive calls

class Stream(tuple):
    """Consecutive calls on one stateful model: a list of (reset_before, input (1, T, F))."""


def _stream(rng, chunks_before, chunks_after, timesteps, features):
    calls = [(False, float_input(rng, 1, timesteps, features)) for _ in range(chunks_before)]
    calls += [(i == 0, float_input(rng, 1, timesteps, features)) for i in range(chunks_after)]
    return Stream(calls)


@case
def case_stateful_lstm(rng):
    m = build("stateful_lstm", (5, 3), [
        layers.LSTM(4, stateful=True, name="recurrent"),
        layers.Dense(1, name="head"),
    ], batch_size=1)
    return m, (5, 3), _stream(rng, 3, 1, 5, 3)


@case
def case_stateful_gru_seq(rng):
    m = build("stateful_gru_seq", (4, 2), [
        layers.GRU(5, stateful=True, return_sequences=True, name="recurrent"),
        layers.Dense(2, name="head"),
    ], batch_size=1)
    return m, (4, 2), _stream(rng, 3, 1, 4, 2)


@case
def case_streaming_lstm(rng):
    m = build("streaming_lstm", (1, 3), [
        layers.LSTM(6, stateful=True, name="recurrent"),
        layers.Dense(2, name="head"),
    ], batch_size=1)
    return m, (1, 3), _stream(rng, 10, 3, 1, 3)


@case
def case_streaming_stack(rng):
    m = build("streaming_stack", (1, 2), [
        layers.GRU(5, stateful=True, return_sequences=True, name="first"),
        layers.SimpleRNN(4, stateful=True, name="second"),
        layers.Dense(1, name="head"),
    ], batch_size=1)
    return m, (1, 2), _stream(rng, 8, 3, 1, 2)


# unroll

@case
def case_lstm_unroll(rng):
    m = build("lstm_unroll", (6, 3), [layers.LSTM(5, unroll=True, name="recurrent")])
    return m, (6, 3), float_input(rng, 3, 6, 3)


@case
def case_gru_unroll_seq(rng):
    m = build("gru_unroll_seq", (5, 2), [
        layers.GRU(4, unroll=True, return_sequences=True, name="recurrent"),
    ])
    return m, (5, 2), float_input(rng, 3, 5, 2)


ZIP_CASES = {"keras_zip"}


def run_case(name: str) -> tuple[float, list[Path]]:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = case_rng(name)
    model, input_shape, x = CASES[name](rng)
    randomize_weights(model, case_rng(name, salt=1), *getattr(CASES[name], "weight_scale", ()))
    if isinstance(x, Stream):
        return run_stream_case(name, model, input_shape, x)
    if any(getattr(l, "unroll", False) for l in model.layers):
        check_unroll_twin(name, model, x)

    runs = x if isinstance(x, list) else [x]
    masked = any(type(l).__name__ == "Masking" or getattr(l, "mask_zero", False)
                 for l in model.layers)
    results = []
    max_ref = 0.0
    for xb in runs:
        y = model.predict(xb, verbose=0)
        ref = reference_forward(model, xb)
        max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64) - ref))))
        if masked:
            # padded inputs come from padded_float_input / padded_token_input
            assert xb.shape[0] == 5, f"{name}: a masked case takes the five padded samples"
            unmasked = reference_forward(model, xb, masks=False)
            assert np.max(np.abs(y - unmasked)) > 1e-2, f"{name}: the mask changes nothing"
        results.append((xb, y))

    weights_name = f"{name}.keras" if name in ZIP_CASES else f"{name}.weights.h5"
    weights_path = FIXTURES / weights_name
    if name in ZIP_CASES:
        model.save(weights_path)
    else:
        model.save_weights(weights_path)

    # reload into a fresh copy and check the file reproduces the predictions
    if name in ZIP_CASES:
        reloaded = keras.saving.load_model(weights_path)
    else:
        reloaded = keras.models.clone_model(model)
        reloaded.load_weights(weights_path)
    for xb, y in results:
        y2 = reloaded.predict(xb, verbose=0)
        assert np.array_equal(y, y2), f"{name}: reloaded model differs"

    doc = {
        "case": name,
        "keras_version": keras.__version__,
        "description": describe(model, input_shape),
        "weights": weights_name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "input": to_json_array(results[0][0]),
        "expected": to_json_array(results[0][1]),
    }
    if masked:
        doc["samples"] = TOKEN_PADDING_NOTES if np.issubdtype(x.dtype, np.integer) else FLOAT_PADDING_NOTES
    if isinstance(x, list):
        doc["runs"] = [{"timesteps": int(xb.shape[1]), "input": to_json_array(xb),
                        "expected": to_json_array(y)} for xb, y in results]
    json_path = FIXTURES / f"{name}.json"
    write_json(json_path, doc)
    return max_ref, [weights_path, json_path]


def reset_stateful_layers(model: keras.Model) -> None:
    # Keras 3 models have no reset_states(): reset each stateful layer (rnn-semantics.md section 5)
    assert not hasattr(model, "reset_states") and not hasattr(model, "reset_state")
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


def run_stream(model: keras.Model, stream: Stream) -> list[np.ndarray]:
    outputs = []
    for reset_before, xb in stream:
        if reset_before:
            reset_stateful_layers(model)
        outputs.append(model.predict(xb, verbose=0, batch_size=1))
    return outputs


def run_stream_case(name: str, model: keras.Model, input_shape, stream: Stream):
    """A stateful case: consecutive predict calls on one model, states carried between them."""
    outputs = run_stream(model, stream)
    states: dict = {}
    max_ref = 0.0
    for (reset_before, xb), y in zip(stream, outputs):
        if reset_before:
            states.clear()
        ref = reference_forward(model, xb, states)
        max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64) - ref))))
    # the carry is real: the first call differs from the same input on fresh states
    fresh = keras.models.clone_model(model)
    fresh.set_weights(model.get_weights())
    second = stream[1][1]
    assert not np.allclose(fresh.predict(second, verbose=0, batch_size=1), outputs[1], atol=1e-4), \
        f"{name}: the second call does not depend on the carried state"

    weights_path = FIXTURES / f"{name}.weights.h5"
    model.save_weights(weights_path)
    reloaded = keras.models.clone_model(model)  # states are not saved: fresh zeros
    reloaded.load_weights(weights_path)
    for y, y2 in zip(outputs, run_stream(reloaded, stream)):
        assert np.array_equal(y, y2), f"{name}: reloaded model differs"

    doc = {
        "case": name,
        "keras_version": keras.__version__,
        "description": describe(model, input_shape),
        "weights": weights_path.name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "batch_shape": [1, *input_shape],
        "streaming": input_shape[0] == 1,
        "calls": [{"reset_before": reset_before, "input": to_json_array(xb[0]),
                   "expected": to_json_array(y[0])}
                  for (reset_before, xb), y in zip(stream, outputs)],
    }
    json_path = FIXTURES / f"{name}.json"
    write_json(json_path, doc)
    return max_ref, [weights_path, json_path]


def check_unroll_twin(name: str, model: keras.Model, x: np.ndarray) -> None:
    """Prints how far Keras' unrolled loop is from its while_loop on the same weights."""
    def looped(layer):
        cfg = layer.get_config()
        if "unroll" in cfg:
            cfg["unroll"] = False
        return type(layer).from_config(cfg)
    twin = keras.models.clone_model(model, clone_function=looped)
    twin.set_weights(model.get_weights())
    diff = float(np.max(np.abs(model.predict(x, verbose=0) - twin.predict(x, verbose=0))))
    print(f"{name}: Keras unroll=True vs unroll=False max diff {diff:.2e}")


def generate_fixtures(only: list[str] | None) -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    names = only or list(CASES)
    total = 0
    bad = []
    for name in names:
        max_ref, paths = run_case(name)
        size = sum(p.stat().st_size for p in paths)
        total += size
        flag = "" if max_ref <= REFERENCE_TOLERANCE else "   <-- exceeds reference tolerance"
        print(f"{name:28s} {size:8d} B   max|keras-numpy64| = {max_ref:.2e}{flag}")
        if max_ref > REFERENCE_TOLERANCE:
            bad.append(name)
    all_files = sorted(FIXTURES.iterdir())
    print(f"{len(names)} cases, {total} B written; fixtures dir now {len(all_files)} files, "
          f"{sum(p.stat().st_size for p in all_files)} B")
    if bad:
        sys.exit(f"reference check failed for {bad}")


# ---------------------------------------------------------------------------------------------
# The example's trained forecaster

WINDOW = 30


def synthetic_temperatures(rng: np.random.Generator, hours: int) -> np.ndarray:
    """Hourly temperatures (deg C): daily and weekly cycles, slow warming trend, AR(1) noise."""
    t = np.arange(hours, dtype=np.float64)
    daily = 6.0 * np.sin(2 * np.pi * (t - 9.0) / 24.0)            # warmest mid-afternoon
    weekly = 1.5 * np.sin(2 * np.pi * t / (24.0 * 7.0))
    trend = 12.0 + 3.0 * t / hours
    noise = np.zeros(hours)
    eps = rng.normal(0.0, 0.6, hours)
    for i in range(1, hours):
        noise[i] = 0.8 * noise[i - 1] + eps[i]
    return (daily + weekly + trend + noise).astype(np.float32)


def windows(series: np.ndarray, window: int):
    n = len(series) - window
    idx = np.arange(window)[None, :] + np.arange(n)[:, None]
    return series[idx][..., None], series[window:][:, None]


def build_forecaster() -> keras.Model:
    inp = keras.Input(shape=(WINDOW, 1), name="window")
    y = layers.LSTM(64, return_sequences=True, name="encoder")(inp)
    y = layers.Dropout(0.2, name="drop")(y)
    y = layers.LSTM(32, name="summary")(y)
    y = layers.Dense(16, activation="relu", name="hidden")(y)
    y = layers.Dense(1, name="head")(y)
    return keras.Model(inp, y, name="forecaster")


def train_forecaster(epochs: int = 12) -> None:
    RESOURCES.mkdir(parents=True, exist_ok=True)
    keras.backend.clear_session()
    keras.utils.set_random_seed(2026)
    tf.config.experimental.enable_op_determinism()
    rng = np.random.default_rng(2026)

    hours = 24 * 7 * 30                                  # 30 weeks of hourly readings
    series = synthetic_temperatures(rng, hours)
    split_train, split_val = int(hours * 0.7), int(hours * 0.85)
    train_raw, val_raw, test_raw = (series[:split_train], series[split_train:split_val],
                                    series[split_val:])
    mean, std = float(train_raw.mean()), float(train_raw.std())
    norm = lambda s: ((s - mean) / std).astype(np.float32)  # noqa: E731
    x_train, y_train = windows(norm(train_raw), WINDOW)
    x_val, y_val = windows(norm(val_raw), WINDOW)
    x_test, y_test = windows(norm(test_raw), WINDOW)

    model = build_forecaster()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3), loss="mse", metrics=["mae"])
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs,
                        batch_size=64, verbose=2)
    test_loss, test_mae = model.evaluate(x_test, y_test, verbose=0)
    naive_mse = float(np.mean((x_test[:, -1, 0] - y_test[:, 0]) ** 2))  # "same as last hour"

    path = RESOURCES / "forecaster.keras"
    model.save(path)

    picks = np.linspace(0, len(x_test) - 1, 4).astype(int)
    xs = x_test[picks]
    pred = model.predict(xs, verbose=0)
    reloaded = keras.saving.load_model(path)
    assert np.array_equal(pred, reloaded.predict(xs, verbose=0)), "reloaded forecaster differs"
    ref = reference_forward(model, xs)
    ref_err = float(np.max(np.abs(pred - ref)))
    assert ref_err <= REFERENCE_TOLERANCE, ref_err

    check = {
        "model": "forecaster.keras",
        "keras_version": keras.__version__,
        "description": describe(model, (WINDOW, 1)),
        "data": "synthetic hourly temperature (deg C): 6*sin(2pi(t-9)/24) + 1.5*sin(2pi t/168) "
                "+ 12 + 3 t/T + AR(1) noise (phi 0.8, sigma 0.6); one-step-ahead from 30 hours",
        "mean": _short(mean),
        "std": _short(std),
        "windows_raw": to_json_array(xs[..., 0] * std + mean),
        "input": to_json_array(xs),
        "expected": to_json_array(pred),
        "expected_celsius": to_json_array(pred * std + mean),
        "actual_next_celsius": to_json_array(y_test[picks] * std + mean),
        "final_loss": _short(history.history["loss"][-1]),
        "final_val_loss": _short(history.history["val_loss"][-1]),
        "test_mse": _short(test_loss),
        "test_mae": _short(test_mae),
        "naive_last_value_mse": _short(naive_mse),
    }
    write_json(RESOURCES / "forecaster-check.json", check)
    print(f"forecaster: final loss {history.history['loss'][-1]:.5f}, "
          f"val_loss {history.history['val_loss'][-1]:.5f}, test mse {test_loss:.5f} "
          f"(naive last-value mse {naive_mse:.5f}); mean {mean:.4f} std {std:.4f}")
    print(f"wrote {path} ({path.stat().st_size} B) and forecaster-check.json "
          f"({(RESOURCES / 'forecaster-check.json').stat().st_size} B)")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fixtures", action="store_true", help="write the parity-test fixtures")
    p.add_argument("--forecaster", action="store_true", help="train and save the example model")
    p.add_argument("--case", action="append", choices=sorted(CASES),
                   help="with --fixtures: only this case (repeatable)")
    p.add_argument("--epochs", type=int, default=12, help="forecaster training epochs")
    args = p.parse_args(argv)
    if not args.fixtures and not args.forecaster:
        args.fixtures = args.forecaster = True
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}, numpy {np.__version__}")
    if args.fixtures:
        generate_fixtures(args.case)
    if args.forecaster:
        train_forecaster(args.epochs)


if __name__ == "__main__":
    main()
