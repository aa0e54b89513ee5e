"""Keras 3.15 fixtures for rnnc's @RNN(cell = ...) with a custom cell.

The cell is the Keras RNN guide's MinimalRNNCell (output = x·kernel + h·recurrent_kernel), used with
keras.layers.RNN. Writes examples/src/test/resources/fixtures/<case>.weights.h5 and <case>.json
("input" (B, T, F), "expected": the model's output). The Java twin of the cell is
examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java.

Run from the repository root:  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_custom_cell.py
"""
import json
import pathlib

import numpy as np
import keras
from keras import layers, ops

OUT = pathlib.Path("examples/src/test/resources/fixtures")


class MinimalRNNCell(keras.layers.Layer):
    """The Keras guide's custom cell."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")
        self.built = True

    def call(self, inputs, states):
        prev_output = states[0]
        h = ops.matmul(inputs, self.kernel)
        output = h + ops.matmul(prev_output, self.recurrent_kernel)
        return output, [output]


def save(case, model, x, rng):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.4, w.shape).astype("float32") for w in weights])
    expected = model.predict(x, verbose=0)
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case, "keras_version": keras.__version__, "input": x.tolist(), "expected": expected.tolist()}))
    print(case, expected.shape)


def main():
    rng = np.random.default_rng(11)
    inp = keras.Input((7, 3))
    seq = layers.RNN(MinimalRNNCell(8), return_sequences=True, name="custom")(inp)
    out = layers.Dense(3, name="head")(seq)
    save("custom_cell_seq", keras.Model(inp, out), rng.normal(size=(3, 7, 3)).astype("float32"), rng)

    inp = keras.Input((5, 4))
    last = layers.RNN(MinimalRNNCell(6), go_backwards=True, name="custom")(inp)
    save("custom_cell_backwards", keras.Model(inp, last), rng.normal(size=(3, 5, 4)).astype("float32"), rng)


if __name__ == "__main__":
    main()
