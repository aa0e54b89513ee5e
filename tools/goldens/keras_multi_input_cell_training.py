"""Keras 3.15 training trajectories of a custom cell reading two inputs per timestep, for rnnc's
generated fit with TrainableMultiInputCell: the port of the Keras RNN guide's NestedCell in
keras_nested_cell.py (its Java twin is examples/src/test/java/dev/rnnc/cells/NestedCell.java), fed
as that script feeds it: its two inputs concatenated into one row per timestep, which the cell
splits again. Its first input comes from an LSTM (or a model input), its second from a Dense over
another input, so both input gradients reach layers that learn (or the model input's goes nowhere).
Same record format and weight draw as keras_graph_training_parity.py (whose `case` this uses). The
Java models are dev.rnnc.training.MultiInputCellTrainingModels.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_multi_input_cell_training.py
"""
import numpy as np
import keras
from keras import layers

from keras_graph_training_parity import case
from keras_nested_cell import NestedCell, I2, I3, UNIT_1, UNIT_2, UNIT_3

T = 5


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


def main():
    nested_sequence()
    nested_backwards_last()


if __name__ == "__main__":
    main()
