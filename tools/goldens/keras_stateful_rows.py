"""Keras 3.15 fixtures for stateful models called with batches: a stateful layer built for batch
size B keeps B independent rows of states, one per batch row, from call to call.

Each case is a keras.Sequential with keras.Input(batch_shape=(B, T, F)), named like its Java
interface in examples/src/test/java/dev/rnnc/states/StatefulRowsModels.java, its layers named like
the methods. One stream of calls: each {"input" (B, T, F), "expected", "reset"}, where "reset" ran
before the call: "none", "all" (every stateful layer's reset_states()), or a row index (that row's
states zeroed in every stateful layer, the others kept). Also checked here: each row's outputs equal
those of the same model with batch size 1 fed that row's stream alone (rows are independent).
Writes examples/src/test/resources/fixtures/states/<case>.weights.h5 and <case>.json.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_stateful_rows.py
"""
import json
import pathlib
import sys
import zlib

import numpy as np
import keras
from keras import layers, ops

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_stacked_cells import MinimalRNNCell  # noqa: E402

OUT = pathlib.Path("examples/src/test/resources/fixtures/states")
BATCH = 3
RESETS = ["none", "none", "all", "none", 1, "none"]


def stateful_states(model):
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            yield from keras.tree.flatten(layer.states)


def reset(model, how):
    for v in stateful_states(model):
        if how == "all":
            v.assign(ops.zeros_like(v))
        elif how != "none":
            value = np.array(v.numpy())
            value[how] = 0
            v.assign(value)


CASES = {
    # LSTM then GRU, both stateful, then Dense.
    "stateful_rows_stack": lambda batch: [
        layers.LSTM(4, stateful=True, return_sequences=True, name="encoder"),
        layers.GRU(3, stateful=True, name="summary"),
        layers.Dense(2, name="head")],
    # RNN over a GRU cell and the guide's custom cell, stateful sequences, then a stateful SimpleRNN.
    "stateful_rows_cells": lambda batch: [
        layers.RNN([layers.GRUCell(3), MinimalRNNCell(2)], stateful=True, return_sequences=True, name="stack"),
        layers.SimpleRNN(2, stateful=True, name="last")],
}
SHAPES = {"stateful_rows_stack": (5, 2), "stateful_rows_cells": (4, 3)}


def build(case, batch):
    keras.backend.clear_session()
    timesteps, features = SHAPES[case]
    return keras.Sequential([keras.Input(batch_shape=(batch, timesteps, features))] + CASES[case](batch),
                            name="".join(w.capitalize() for w in case.split("_")))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        rng = np.random.default_rng(zlib.crc32(case.encode()))
        model = build(case, BATCH)
        weights = [rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()]
        model.set_weights(weights)
        timesteps, features = SHAPES[case]
        calls = []
        for how in RESETS:
            reset(model, how)
            x = rng.normal(0, 1.5, (BATCH, timesteps, features)).astype("float32")
            calls.append({"input": x.tolist(), "expected": model.predict_on_batch(x).tolist(), "reset": how})
        model.save_weights(OUT / f"{case}.weights.h5")
        # Each row alone, through a batch-1 twin with the same weights and the row's resets.
        for row in range(BATCH):
            alone = build(case, 1)
            alone.set_weights(weights)
            for call in calls:
                if call["reset"] == "all" or call["reset"] == row:
                    reset(alone, "all")
                out = alone.predict_on_batch(np.asarray(call["input"], dtype="float32")[row:row + 1])[0]
                assert np.allclose(out, call["expected"][row], atol=1e-6), f"{case}: row {row} not independent"
        (OUT / f"{case}.json").write_text(json.dumps({
            "case": case, "keras_version": keras.__version__, "batch_size": BATCH,
            "layers": [[l.name, l.__class__.__name__] for l in model.layers], "calls": calls}))
        print(case, len(calls), "calls")


if __name__ == "__main__":
    main()
