"""Keras 3.15 training trajectories of STATEFUL layers with custom cells, for rnnc's generated fit:
RNN(MinimalRNNCell, stateful=True) over consecutive batches (Keras' fixed batch_shape), each sample
continuing the stream its position left in the previous batch, across epochs too, the gradients
stopping at the batch boundary (truncated BPTT), as the built-in stateful cases of
keras_training_parity.py. Recorded with that script's case() (the same record format), in
examples/src/test/resources/fixtures/training/<case>.json; the Java side is
examples/src/test/java/dev/rnnc/training/StatefulCustomCellTrainingTest.java.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_stateful_custom_cell_training.py
"""
import numpy as np
import keras
from keras import layers

from keras_training_parity import case
from keras_custom_cell_training import MinimalRNNCell


def main():
    rng = np.random.default_rng(61)
    stream = rng.normal(0, 1, (24, 6, 3)).astype("float32")   # 3 batches of 8 streams
    y = (stream[:, -2:, 0].mean(axis=1, keepdims=True) - 0.5 * stream[:, 0, 2:3]).astype("float32")

    # the guide's cell alone, stateful, into a Dense head: Adam, MSE
    case("stateful_minimal_adam_mse", lambda: keras.Sequential([
        keras.Input(batch_shape=(8, 6, 3)),
        layers.RNN(MinimalRNNCell(5), stateful=True, name="custom"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], stream, y,
        learning_rate=0.01)

    # stateful stack of a GRU cell and the custom cell, returning sequences, into a stateful
    # custom layer: SGD, MSE
    case("stateful_stacked_minimal_sgd_mse", lambda: keras.Sequential([
        keras.Input(batch_shape=(8, 6, 3)),
        layers.RNN([layers.GRUCell(4), MinimalRNNCell(3)], stateful=True, return_sequences=True,
                   name="stack"),
        layers.RNN(MinimalRNNCell(4), stateful=True, name="upper"),
        layers.Dense(1, name="head")]), "sgd", "mean_squared_error", ["mae"], stream, y,
        learning_rate=0.05)


if __name__ == "__main__":
    main()
