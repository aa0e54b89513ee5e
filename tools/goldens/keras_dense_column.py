"""Keras 3.15 fixture for a one-unit Dense head whose kernel changes after a call (rnnc keeps the
kernel of a Dense layer of one unit as a contiguous column, DenseColumn, which must follow every
change of the kernel's variable).

Writes examples/src/test/resources/fixtures/dense_column.weights.h5 and dense_column.json with
"input" (B, T, F), "expected" (model.predict(input) with the saved weights), "head_kernel_after"
(n, 1), a new kernel for the head, and "expected_after" (model.predict(input) once the head's
kernel is head_kernel_after, its bias unchanged).

Run from the repository root:  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_dense_column.py
"""
import json
import pathlib

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/fixtures")
CASE = "dense_column"


def main():
    rng = np.random.default_rng(17)
    # 20 units: one whole block of sixteen partial sums and a tail of four.
    inp = keras.Input((5, 3))
    h = layers.LSTM(20, name="encoder")(inp)
    out = layers.Dense(1, name="head")(h)
    model = keras.Model(inp, out)
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])
    x = rng.normal(size=(4, 5, 3)).astype("float32")
    expected = model.predict(x, verbose=0)
    model.save_weights(OUT / f"{CASE}.weights.h5")

    head = model.get_layer("head")
    kernel, bias = head.get_weights()
    kernel_after = rng.normal(0, 0.5, kernel.shape).astype("float32")
    head.set_weights([kernel_after, bias])
    expected_after = model.predict(x, verbose=0)
    assert np.max(np.abs(expected_after - expected)) > 1e-2

    (OUT / f"{CASE}.json").write_text(json.dumps({
        "case": CASE,
        "keras_version": keras.__version__,
        "weights": f"{CASE}.weights.h5",
        "input": x.tolist(),
        "expected": expected.tolist(),
        "head_kernel_after": kernel_after.tolist(),
        "expected_after": expected_after.tolist(),
    }))
    print(CASE, expected.ravel(), expected_after.ravel())


if __name__ == "__main__":
    main()
