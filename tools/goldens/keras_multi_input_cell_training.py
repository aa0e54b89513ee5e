"""Keras 3.15 training trajectories of custom cells reading two inputs per timestep, for rnnc's
generated fit with TrainableMultiInputCell:
- the port of the Keras RNN guide's NestedCell in keras_nested_cell.py (its Java twin is
  examples/src/test/java/dev/rnnc/cells/NestedCell.java), fed as that script feeds it: its two
  inputs concatenated into one row per timestep, which the cell splits again;
- a two-input MinimalRNNCell (TwoInputMinimalRNNCell below), whose output reads its state, so that
  training goes back through the timesteps (also stateful, and started by a GRU's final state).
Their first input comes from an LSTM (or a model input), their second from a Dense over another
input, so both input gradients reach layers that learn (or the model input's goes nowhere).
Same record format and weight draw as keras_graph_training_parity.py (whose `case` this uses). The
Java models are dev.rnnc.training.MultiInputCellTrainingModels.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_multi_input_cell_training.py
"""
import numpy as np
import keras
from keras import layers, ops

from keras_graph_training_parity import case
from keras_nested_cell import NestedCell, I2, I3, UNIT_1, UNIT_2, UNIT_3

T = 5


class TwoInputMinimalRNNCell(keras.layers.Layer):
    """The guide's MinimalRNNCell reading two inputs, concatenated into one row that it splits:
    output = h' = input_1 · kernel_1 + input_2 · kernel_2 + h · recurrent_kernel. Its output reads
    its state, so its training goes back through the timesteps (NestedCell's outputs do not). Java
    twin: examples/src/test/java/dev/rnnc/cells/TwoInputMinimalCell.java."""

    def __init__(self, units, i1, **kwargs):
        super().__init__(**kwargs)
        self.units, self.i1 = units, i1
        self.state_size = units

    def build(self, input_shape):
        self.kernel_1 = self.add_weight(shape=(self.i1, self.units), initializer="uniform", name="kernel_1")
        self.kernel_2 = self.add_weight(shape=(input_shape[-1] - self.i1, self.units), initializer="uniform",
                                        name="kernel_2")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")
        self.built = True

    def call(self, inputs, states):
        output = (ops.matmul(inputs[:, :self.i1], self.kernel_1) + ops.matmul(inputs[:, self.i1:], self.kernel_2)
                  + ops.matmul(states[0], self.recurrent_kernel))
        return output, [output]


def nested_sequence():
    """An LSTM's sequence and a Dense projection of a second input into RNN(NestedCell) returning
    sequences, then a GRU and a Dense head; Adam, MSE."""
    rng = np.random.default_rng(61)
    first = rng.normal(0, 1, (20, T, 3)).astype("float32")
    second = rng.normal(0, 1, (20, T, 2)).astype("float32")
    y = np.stack([first[:, :, 0].mean(axis=1) + second[:, 0, 1], first[:, -1, 2] * second[:, -1, 0]],
                 axis=-1).astype("float32")

    def build():
        first_input = keras.Input((T, 3), name="first")
        second_input = keras.Input((T, 2), name="second")
        features = layers.LSTM(3, return_sequences=True, name="features")(first_input)
        project = layers.Dense(I2 * I3, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([features, project])
        nested = layers.RNN(NestedCell(UNIT_1, UNIT_2, UNIT_3, 3), return_sequences=True,
                            name="nested")(packed)
        summary = layers.GRU(3, name="summary")(nested)
        return keras.Model([first_input, second_input], layers.Dense(2, name="head")(summary))

    case("multi_input_cell_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"first": first, "second": second}, y)


def nested_backwards_last():
    """RNN(NestedCell) going backwards over a model input and a Dense projection of a second, its
    last output into a Dense head; SGD, MSE."""
    rng = np.random.default_rng(62)
    first = rng.normal(0, 1, (20, T, 3)).astype("float32")
    second = rng.normal(0, 1, (20, T, 2)).astype("float32")
    y = (first[:, 0, 1] - second[:, 0, 0]).astype("float32")[:, None]

    def build():
        first_input = keras.Input((T, 3), name="first")
        second_input = keras.Input((T, 2), name="second")
        project = layers.Dense(I2 * I3, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([first_input, project])
        nested = layers.RNN(NestedCell(UNIT_1, UNIT_2, UNIT_3, 3), go_backwards=True,
                            name="nested")(packed)
        return keras.Model([first_input, second_input], layers.Dense(1, name="head")(nested))

    case("multi_input_cell_backwards_sgd_mse", build, keras.optimizers.SGD(learning_rate=0.1),
         "mean_squared_error", ["mae"], {"first": first, "second": second}, y)


def minimal_last():
    """RNN(TwoInputMinimalRNNCell) over an LSTM's sequence and a Dense projection of a second
    input, its last output (which reads every timestep through its state) into a Dense head; Adam,
    MSE."""
    rng = np.random.default_rng(63)
    first = rng.normal(0, 1, (20, T, 3)).astype("float32")
    second = rng.normal(0, 1, (20, T, 2)).astype("float32")
    y = np.stack([first[:, 0, 0] + second[:, 1, 1], first[:, :, 2].mean(axis=1)],
                 axis=-1).astype("float32")

    def build():
        first_input = keras.Input((T, 3), name="first")
        second_input = keras.Input((T, 2), name="second")
        features = layers.LSTM(3, return_sequences=True, name="features")(first_input)
        project = layers.Dense(4, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([features, project])
        minimal = layers.RNN(TwoInputMinimalRNNCell(5, 3), name="minimal")(packed)
        return keras.Model([first_input, second_input], layers.Dense(2, name="head")(minimal))

    case("multi_input_minimal_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"first": first, "second": second}, y)


def minimal_stateful():
    """RNN(TwoInputMinimalRNNCell, stateful=True) over consecutive batches (Keras' fixed
    batch_shape): each sample continues the stream its position left in the previous batch, across
    epochs too, the gradient stopping at the batch boundary; a model input and a Dense projection of
    a second, into a Dense head; SGD, MSE."""
    rng = np.random.default_rng(64)
    first = rng.normal(0, 1, (24, T, 3)).astype("float32")   # 3 batches of 8 streams
    second = rng.normal(0, 1, (24, T, 2)).astype("float32")
    y = (first[:, -2:, 0].mean(axis=1, keepdims=True) - 0.5 * second[:, 0, 1:2]).astype("float32")

    def build():
        first_input = keras.Input(batch_shape=(8, T, 3), name="first")
        second_input = keras.Input(batch_shape=(8, T, 2), name="second")
        project = layers.Dense(4, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([first_input, project])
        minimal = layers.RNN(TwoInputMinimalRNNCell(5, 3), stateful=True, name="minimal")(packed)
        return keras.Model([first_input, second_input], layers.Dense(1, name="head")(minimal))

    case("multi_input_minimal_stateful_sgd_mse", build, keras.optimizers.SGD(learning_rate=0.05),
         "mean_squared_error", ["mae"], {"first": first, "second": second}, y)


def minimal_decoder():
    """RNN(TwoInputMinimalRNNCell) started by a GRU's final state over a third input
    (initial_state), reading a model input and a Dense projection of a second, its last output into
    a Dense head; Adam, MSE."""
    rng = np.random.default_rng(65)
    source = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    first = rng.normal(0, 1, (20, T, 3)).astype("float32")
    second = rng.normal(0, 1, (20, T, 2)).astype("float32")
    y = (source[:, :, 0].mean(axis=1) - first[:, -1, 1] + second[:, 0, 0]).astype("float32")[:, None]

    def build():
        source_input = keras.Input((6, 3), name="source")
        first_input = keras.Input((T, 3), name="first")
        second_input = keras.Input((T, 2), name="second")
        _, state = layers.GRU(5, return_state=True, name="encoder")(source_input)
        project = layers.Dense(4, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([first_input, project])
        minimal = layers.RNN(TwoInputMinimalRNNCell(5, 3), name="minimal")(packed, initial_state=[state])
        return keras.Model([source_input, first_input, second_input], layers.Dense(1, name="head")(minimal))

    case("multi_input_minimal_decoder_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"source": source, "first": first, "second": second}, y)


def main():
    nested_sequence()
    nested_backwards_last()
    minimal_last()
    minimal_stateful()
    minimal_decoder()


if __name__ == "__main__":
    main()
