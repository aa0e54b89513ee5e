"""Keras 3.15 fixtures for a custom cell with two inputs per timestep (the Keras RNN guide's NestedCell).

The guide's NestedCell takes input_1 (batch, i1) and input_2 (batch, i2, i3) per timestep, carries states
[(unit_1,), (unit_2, unit_3)] and outputs (output_1, output_2_3):
    output_1   = input_1 · kernel_1                            kernel_1   (i1, unit_1)
    output_2_3 = einsum("bij,ijkl->bkl", input_2, kernel_2_3)  kernel_2_3 (i2, i3, unit_2, unit_3)
    state_1 += output_1;  state_2_3 += output_2_3
The guide's code is TF-2-era: Keras 3's RNN layer reads `sequences.shape[1]` and slices `sequences[:, t, :]`,
so it accepts one tensor, not a tuple. This port keeps the math, the states (a 2-D state (unit_2, unit_3))
and the variables (kernel_1, kernel_2_3 in that order, so layers/nested/cell/vars/0 and /1), and feeds the
two inputs as one: Concatenate([input_1, Reshape((T, i2*i3))(input_2)]); the cell splits them again.
Its output is [output_1 | output_2_3 flattened row-major], as rnnc's NestedCell returns it.

Writes examples/src/test/resources/fixtures/<case>.weights.h5 and <case>.json (dev.rnnc.graphs.GraphFixture's
format; input "second" is stored flattened to (T, i2*i3), row-major, as rnnc takes it).
The Java twin of the cell is examples/src/test/java/dev/rnnc/cells/NestedCell.java.

Run from the repository root:  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_nested_cell.py
"""
import json
import pathlib

import numpy as np
import keras
from keras import layers, ops

OUT = pathlib.Path("examples/src/test/resources/fixtures")
I1, I2, I3 = 3, 2, 2
UNIT_1, UNIT_2, UNIT_3 = 4, 2, 3
T, BATCH = 5, 3


class NestedCell(keras.layers.Layer):
    """The guide's NestedCell, reading its two inputs from one concatenated row."""

    def __init__(self, unit_1, unit_2, unit_3, i1, **kwargs):
        super().__init__(**kwargs)
        self.unit_1, self.unit_2, self.unit_3, self.i1 = unit_1, unit_2, unit_3, i1
        self.state_size = [unit_1, (unit_2, unit_3)]
        self.output_size = unit_1 + unit_2 * unit_3

    def build(self, input_shape):
        self.kernel_1 = self.add_weight(shape=(self.i1, self.unit_1), initializer="uniform", name="kernel_1")
        self.kernel_2_3 = self.add_weight(shape=(I2, I3, self.unit_2, self.unit_3), initializer="uniform",
                                          name="kernel_2_3")
        self.built = True

    def get_initial_state(self, batch_size=None):
        # Keras 3's default zeros((batch, size)) per state cannot shape the 2-D state.
        return [ops.zeros((batch_size, self.unit_1)), ops.zeros((batch_size, self.unit_2, self.unit_3))]

    def call(self, inputs, states):
        input_1 = inputs[:, :self.i1]
        input_2 = ops.reshape(inputs[:, self.i1:], (-1, I2, I3))
        s1, s2 = states
        output_1 = ops.matmul(input_1, self.kernel_1)
        output_2_3 = ops.einsum("bij,ijkl->bkl", input_2, self.kernel_2_3)
        state_1 = s1 + output_1
        state_2_3 = s2 + output_2_3
        output = ops.concatenate([output_1, ops.reshape(output_2_3, (-1, self.unit_2 * self.unit_3))], axis=-1)
        return output, [state_1, state_2_3]


def model(return_sequences, go_backwards=False):
    first = keras.Input((T, I1), name="first")
    second = keras.Input((T, I2, I3), name="second")
    packed = layers.Concatenate(name="pack")([first, layers.Reshape((T, I2 * I3), name="flatten")(second)])
    out = layers.RNN(NestedCell(UNIT_1, UNIT_2, UNIT_3, I1), return_sequences=return_sequences,
                     go_backwards=go_backwards, name="nested")(packed)
    return keras.Model([first, second], out)


def save(case, m, rng):
    cell = m.get_layer("nested").cell
    print(case, [w.path for w in cell.weights])
    for layer in m.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.4, w.shape).astype("float32") for w in weights])
    x1 = rng.normal(size=(BATCH, T, I1)).astype("float32")
    x2 = rng.normal(size=(BATCH, T, I2, I3)).astype("float32")
    out = m.predict([x1, x2], verbose=0)
    m.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        "inputs": ["first", "second"],
        "layers": [[l.name, l.__class__.__name__] for l in m.layers],
        "samples": [{"inputs": {"first": x1[b].tolist(), "second": x2[b].reshape(T, I2 * I3).tolist()},
                     "output": out[b].tolist()} for b in range(BATCH)],
    }))
    print(case, out.shape)


def main():
    keras.utils.set_random_seed(5)
    rng = np.random.default_rng(5)
    save("nested_cell_seq", model(True), rng)
    save("nested_cell_last", model(False, go_backwards=True), rng)


if __name__ == "__main__":
    main()
