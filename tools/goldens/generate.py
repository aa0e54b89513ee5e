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
# Independent float64 re-implementation of the Keras math (rnn-semantics.md section 2)

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


def _rnn(layer, x):
    cfg = layer.get_config()
    cls = type(layer).__name__
    w = [np.asarray(v, dtype=np.float64) for v in layer.get_weights()]
    W, U = w[0], w[1]
    b = w[2] if cfg["use_bias"] else None
    u = cfg["units"]
    a = _act(cfg["activation"])
    B, T, _ = x.shape
    h = np.zeros((B, u))
    c = np.zeros((B, u))
    outs = []
    for t in range(T):
        xt = x[:, t, :]
        if cls == "SimpleRNN":
            z = xt @ W + h @ U + (b if b is not None else 0.0)
            h = a(z)
        elif cls == "LSTM":
            ra = _act(cfg["recurrent_activation"])
            z = xt @ W + h @ U + (b if b is not None else 0.0)
            i, f, g, o = ra(z[:, :u]), ra(z[:, u:2 * u]), a(z[:, 2 * u:3 * u]), ra(z[:, 3 * u:])
            c = f * c + i * g
            h = o * a(c)
        elif cls == "GRU":
            ra = _act(cfg["recurrent_activation"])
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
        else:
            raise ValueError(cls)
        outs.append(h)
    return np.stack(outs, axis=1) if cfg["return_sequences"] else h


def reference_forward(model: keras.Model, x: np.ndarray) -> np.ndarray:
    y = x if np.issubdtype(x.dtype, np.integer) else x.astype(np.float64)
    for layer in model.layers:
        cls = type(layer).__name__
        if cls == "InputLayer":
            continue
        if cls == "Embedding":
            y = np.asarray(layer.get_weights()[0], dtype=np.float64)[y]
        elif cls == "Dropout":
            pass
        elif cls == "Dense":
            cfg = layer.get_config()
            w = [np.asarray(v, dtype=np.float64) for v in layer.get_weights()]
            z = y @ w[0] + (w[1] if cfg["use_bias"] else 0.0)
            y = _act(cfg["activation"])(z)
        elif cls in ("LSTM", "GRU", "SimpleRNN"):
            y = _rnn(layer, y)
        else:
            raise ValueError(f"no reference for {cls}")
    return y


# ---------------------------------------------------------------------------------------------
# Model description (one line, Keras vocabulary)

_RNN_DEFAULTS = {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
                 "reset_after": True, "return_sequences": False}


def describe(model: keras.Model, input_shape) -> str:
    parts = ["Input(" + ", ".join("None" if d is None else str(d) for d in input_shape)
             + (", int32" if model.inputs[0].dtype.startswith("int") else "") + ")"]
    for layer in model.layers:
        cls = type(layer).__name__
        cfg = layer.get_config()
        if cls == "InputLayer":
            continue
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
        elif cls == "Dropout":
            opts = [f"rate={cfg['rate']}"]
        else:
            opts = []
        parts.append(f"{cls} {layer.name}({', '.join(opts)})")
    out = tuple(model.outputs[0].shape[1:])
    kind = "Sequential" if isinstance(model, keras.Sequential) else "Functional"
    return (f"{kind} {model.name}: " + " -> ".join(parts)
            + f" -> {'(' + ', '.join('None' if d is None else str(d) for d in out) + (',)' if len(out) == 1 else ')')}"
            + f" | {model.count_params()} params")


# ---------------------------------------------------------------------------------------------
# Cases

def build(name, input_shape, stack, *, functional=False, dtype="float32"):
    inp = keras.Input(shape=input_shape, dtype=dtype, name="input" if functional else None)
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


ZIP_CASES = {"keras_zip"}


def run_case(name: str) -> tuple[float, list[Path]]:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    rng = case_rng(name)
    model, input_shape, x = CASES[name](rng)
    randomize_weights(model, case_rng(name, salt=1), *getattr(CASES[name], "weight_scale", ()))

    runs = x if isinstance(x, list) else [x]
    results = []
    max_ref = 0.0
    for xb in runs:
        y = model.predict(xb, verbose=0)
        ref = reference_forward(model, xb)
        max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64) - ref))))
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
    if isinstance(x, list):
        doc["runs"] = [{"timesteps": int(xb.shape[1]), "input": to_json_array(xb),
                        "expected": to_json_array(y)} for xb, y in results]
    json_path = FIXTURES / f"{name}.json"
    write_json(json_path, doc)
    return max_ref, [weights_path, json_path]


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
