#!/usr/bin/env python3
"""The `.keras` files the importer tests read, written by real Keras 3 (TensorFlow backend, CPU).

Run from anywhere with the project venv (paths are relative to the repository root)::

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/importer_fixtures.py

What it writes into ``importer/src/test/resources/keras/``:

* ``forecaster.keras`` / ``forecaster-check.json`` and ``keras_zip.keras`` / ``keras_zip.json``:
  copies of the example's trained model and of the ``keras_zip`` parity fixture (both
  Functional, written by ``generate.py``), so the importer module's tests are self-contained;
* ``<case>.keras`` + ``<case>.json`` for the Sequential models below. The JSON has the same
  keys as ``generate.py``'s fixtures (``input``, ``expected`` = ``model.predict(input)``) plus
  ``runs`` (one ``{"timesteps", "input", "expected"}`` per length for variable-length inputs).
  Weights are random and seeded (``generate.randomize_weights``), and each case is checked
  against ``generate.reference_forward`` (float64 NumPy) like the parity fixtures;
* ``ignored_options.keras``: options that do not change inference (``unroll``, cell dropout,
  ``zero_output_for_mask`` without a mask, seeds, initializers, regularizers, constraints,
  Dropout's ``noise_shape``), which the importer drops;
* ``unsupported/<case>.keras``: tiny models, each using one thing rnnc cannot express (plus
  ``several_problems``, which has three), for the importer's error tests. Their weights do not
  matter; they are saved with ``model.save`` as a user would. ``keras2_metadata.keras`` is a
  real file whose ``metadata.json`` is rewritten to claim Keras 2.15.0 (Keras 3 cannot write
  an older version's archive).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
import zipfile
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as g  # noqa: E402  (shared helpers: seeded weights, float64 reference, JSON)

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "importer" / "src" / "test" / "resources" / "keras"
UNSUPPORTED = OUT / "unsupported"


# ---------------------------------------------------------------------------------------------
# Supported models, with Keras' predictions


def sequential_tokens():
    """Token ids of any length -> Embedding -> GRU (swish, reset before, cell dropout) -> LSTM -> softmax.

    Two layer names are not Java identifiers ("gru-encoder", the keyword "class"), so the importer
    renames them and the weights load by order; the cell dropout is ignored at inference.
    """
    return keras.Sequential([
        keras.Input((None,), dtype="int32", name="tokens"),
        layers.Embedding(30, 6, name="embed"),
        layers.GRU(7, activation="swish", reset_after=False, return_sequences=True, dropout=0.1,
                   recurrent_dropout=0.2, name="gru-encoder"),
        layers.LSTM(5, recurrent_activation="hard_sigmoid", unit_forget_bias=False, name="class"),
        layers.Dense(3, activation="softmax", name="head"),
    ], name="sequential_tokens"), lambda rng, t: g.token_input(rng, 3, t, 30), [4, 9]


def sequential_sequence_out():
    """Float features of any length -> SimpleRNN (relu, no bias, seq) -> Dropout -> Dense per step.

    Keras' automatic layer names (simple_rnn, dropout, dense, dense_1); the output is a sequence.
    """
    return keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(6, activation="relu", use_bias=False, return_sequences=True),
        layers.Dropout(0.3),
        layers.Dense(4, activation="gelu"),
        layers.Dense(2, use_bias=False),
    ], name="sequence_tagger"), lambda rng, t: g.float_input(rng, 2, t, 3), [5, 2]


SUPPORTED = {"sequential_tokens": sequential_tokens, "sequential_sequence_out": sequential_sequence_out}


def write_supported(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model, make_input, lengths = SUPPORTED[name]()
    g.randomize_weights(model, g.case_rng(name, salt=1))
    rng = g.case_rng(name)
    runs = []
    max_ref = 0.0
    for t in lengths:
        x = make_input(rng, t)
        y = model.predict(x, verbose=0)
        max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64) - g.reference_forward(model, x)))))
        runs.append((x, y))
    if max_ref > g.REFERENCE_TOLERANCE:
        raise SystemExit(f"{name}: Keras and the float64 reference differ by {max_ref:.2e}")
    path = OUT / f"{name}.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path)
    for x, y in runs:
        assert np.array_equal(reloaded.predict(x, verbose=0), y), f"{name}: reloaded model differs"
    g.write_json(OUT / f"{name}.json", {
        "case": name,
        "keras_version": keras.__version__,
        "description": g.describe(model, model.inputs[0].shape[1:]),
        "weights": path.name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "input": g.to_json_array(runs[0][0]),
        "expected": g.to_json_array(runs[0][1]),
        "runs": [{"timesteps": int(x.shape[1]), "input": g.to_json_array(x), "expected": g.to_json_array(y)}
                 for x, y in runs],
    })
    print(f"{name:28s} max|keras-numpy64| = {max_ref:.2e}")


# ---------------------------------------------------------------------------------------------
# Unsupported models: one feature each


def seq(*stack, shape=(5, 2), name, **input_kwargs):
    return keras.Sequential([keras.Input(shape, **input_kwargs), *stack], name=name)


def return_state():
    inp = keras.Input((5, 2), name="window")
    out, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    return keras.Model(inp, layers.Dense(1, name="head")(out), name="return_state")


def residual():
    inp = keras.Input((5, 4), name="window")
    x = layers.LSTM(4, return_sequences=True, name="encoder")(inp)
    x = layers.Add(name="skip")([inp, x])
    return keras.Model(inp, layers.LSTM(3, name="summary")(x), name="residual")


def two_inputs():
    a = keras.Input((5, 2), name="left")
    b = keras.Input((5, 2), name="right")
    x = layers.Concatenate(name="join")([layers.LSTM(3, name="left_rnn")(a), layers.LSTM(3, name="right_rnn")(b)])
    return keras.Model([a, b], layers.Dense(1, name="head")(x), name="two_inputs")


def two_outputs():
    inp = keras.Input((5, 2), name="window")
    x = layers.LSTM(4, name="encoder")(inp)
    return keras.Model(inp, [layers.Dense(1, name="mean")(x), layers.Dense(1, name="spread")(x)],
                       name="two_outputs")


def shared_layer():
    inp = keras.Input((5, 3), name="window")
    rnn = layers.SimpleRNN(3, return_sequences=True, name="shared")
    return keras.Model(inp, layers.GRU(2, name="summary")(rnn(rnn(inp))), name="shared_layer")


def lora():
    m = seq(layers.LSTM(4, name="encoder"), layers.Dense(3, name="head"), name="lora")
    m.get_layer("head").enable_lora(2)
    return m


def ignored_options():
    """Options that do not change inference: the importer drops them with a note (or silently)."""
    return seq(
        layers.LSTM(4, unroll=True, dropout=0.2, recurrent_dropout=0.1, zero_output_for_mask=True, seed=7,
                    kernel_initializer="he_normal", kernel_regularizer="l2", recurrent_constraint="non_neg",
                    name="encoder"),
        layers.Dropout(0.5, noise_shape=(None, 4), seed=3, name="drop"),
        layers.Dense(1, bias_regularizer="l1", name="head"),
        shape=(8, 3), name="ignored_options")


UNSUPPORTED_CASES = {
    "return_state": return_state,
    "go_backwards": lambda: seq(layers.LSTM(4, go_backwards=True, name="encoder"), name="go_backwards"),
    "stateful": lambda: seq(layers.GRU(4, stateful=True, name="encoder"), name="stateful", batch_size=2),
    "mask_zero": lambda: seq(layers.Embedding(10, 4, mask_zero=True, name="embed"), layers.LSTM(3, name="encoder"),
                             shape=(6,), dtype="int32", name="mask_zero"),
    "masking": lambda: seq(layers.Masking(0.0, name="mask"), layers.LSTM(3, name="encoder"), name="masking"),
    "bidirectional": lambda: seq(layers.Bidirectional(layers.LSTM(3), name="bi"), name="bidirectional"),
    "time_distributed": lambda: seq(layers.LSTM(3, return_sequences=True, name="encoder"),
                                    layers.TimeDistributed(layers.Dense(2), name="per_step"),
                                    name="time_distributed"),
    "conv1d": lambda: seq(layers.Conv1D(4, 3, name="conv"), layers.LSTM(3, name="encoder"), name="conv1d"),
    "rnn_cell": lambda: seq(layers.RNN(layers.LSTMCell(3), name="generic"), name="rnn_cell"),
    "unknown_activation": lambda: seq(layers.LSTM(3, name="encoder"), layers.Dense(2, activation="leaky_relu",
                                                                                   name="head"),
                                      name="unknown_activation"),
    "softmax_recurrent": lambda: seq(layers.SimpleRNN(3, activation="softmax", name="encoder"),
                                     name="softmax_recurrent"),
    "float64": lambda: seq(layers.LSTM(3, dtype="float64", name="encoder"), name="float64"),
    "flat_input": lambda: seq(layers.Dense(3, name="head"), shape=(4,), name="flat_input"),
    "residual": residual,
    "two_inputs": two_inputs,
    "two_outputs": two_outputs,
    "shared_layer": shared_layer,
    "lora": lora,
    "dropout_rate_one": lambda: seq(layers.LSTM(3, name="encoder"), layers.Dropout(1.0, name="drop"),
                                    name="dropout_rate_one"),
    "unbuilt": lambda: keras.Sequential([layers.LSTM(3, name="encoder")], name="unbuilt"),
    "embedding_not_first": lambda: seq(layers.Dropout(0.1, name="drop"), layers.Embedding(10, 4, name="embed"),
                                       layers.LSTM(3, name="encoder"), shape=(6,), dtype="int32",
                                       name="embedding_not_first"),
    "several_problems": lambda: seq(layers.GRU(4, go_backwards=True, activation="relu6", return_sequences=True,
                                               name="encoder"), layers.Conv1D(2, 2, name="conv"),
                                    name="several_problems"),
}


def write_ignored_options() -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(b"ignored_options"))
    path = OUT / "ignored_options.keras"
    ignored_options().save(path)
    print(f"{path.name:28s} {path.stat().st_size:7d} B")


def write_unsupported() -> None:
    UNSUPPORTED.mkdir(parents=True, exist_ok=True)
    for name, build in UNSUPPORTED_CASES.items():
        keras.backend.clear_session()
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        path = UNSUPPORTED / f"{name}.keras"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "unbuilt" is saved unbuilt on purpose
            build().save(path)
        print(f"unsupported/{path.name:28s} {path.stat().st_size:7d} B")
    # Keras 3 writes only its own version; derive an "old" archive by rewriting metadata.json.
    source = OUT / "keras_zip.keras"
    target = UNSUPPORTED / "keras2_metadata.keras"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "metadata.json":
                meta = json.loads(data)
                meta["keras_version"] = "2.15.0"
                data = json.dumps(meta).encode()
            zout.writestr(item, data)
    print(f"unsupported/{target.name:28s} {target.stat().st_size:7d} B")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}")
    shutil.copyfile(g.RESOURCES / "forecaster.keras", OUT / "forecaster.keras")
    shutil.copyfile(g.RESOURCES / "forecaster-check.json", OUT / "forecaster-check.json")
    shutil.copyfile(g.FIXTURES / "keras_zip.keras", OUT / "keras_zip.keras")
    shutil.copyfile(g.FIXTURES / "keras_zip.json", OUT / "keras_zip.json")
    for name in SUPPORTED:
        write_supported(name)
    write_ignored_options()
    write_unsupported()


if __name__ == "__main__":
    main()
