"""Keras 3.15 training trajectories of graphs with SHARED layers (one layer object called on several
tensors) for rnnc's generated fit: the gradients of every call add up in the one set of weights.
Same record format and weight draw as keras_graph_training_parity.py (whose `case` this uses); the
Java models are dev.rnnc.training.SharedTrainingModels.

Token data: no id repeats within one batch, across both token inputs (the shared Embedding's rows
are then touched once per batch, where Keras' IndexedSlices gradient and rnnc's summed one agree;
see keras_graph_training_parity.py).

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_shared_training_parity.py
"""
import numpy as np
import keras
from keras import layers

from keras_graph_training_parity import case, unique_tokens


def siamese_lstm():
    """One LSTM encoding two float inputs of different lengths, the second masked (padding of
    zeros first, last and nowhere): the shared layer runs masked on one call and unmasked on the
    other; Adam, MSE."""
    rng = np.random.default_rng(21)
    left = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    right = rng.normal(0, 1, (20, 4, 3)).astype("float32")
    for i in range(20):
        if i % 3 == 0:
            right[i, :i % 2 + 1] = 0
        elif i % 3 == 1:
            right[i, 4 - (i % 2 + 1):] = 0
    y = np.stack([left[:, :, 0].mean(axis=1) - right[:, :, 0].mean(axis=1),
                  left[:, -1, 1] * right[:, 0, 2]], axis=-1).astype("float32")

    def build():
        left_input = keras.Input((6, 3), name="left")
        right_input = keras.Input((4, 3), name="right")
        masked = layers.Masking(0.0, name="maskedRight")(right_input)
        encoder = layers.LSTM(5, name="encoder")
        both = layers.Concatenate(name="both")([encoder(left_input), encoder(masked)])
        out = layers.Dense(2, name="head")(both)
        return keras.Model([left_input, right_input], out)

    case("shared_lstm_masked_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"left": left, "right": right}, y)


def shared_embedding_gru_dense():
    """Two token inputs through one Embedding, one GRU and one Dense (tanh), added, then a sigmoid
    head; RMSprop, binary cross-entropy."""
    rng = np.random.default_rng(22)
    tokens = unique_tokens(rng, 20, 9, 80, 8)
    first, second = tokens[:, :5], tokens[:, 5:]
    y = ((first.sum(axis=1) - second.sum(axis=1) * 1.2) > 0).astype("float32")[:, None]

    def build():
        first_input = keras.Input((5,), dtype="int32", name="first")
        second_input = keras.Input((4,), dtype="int32", name="second")
        embed = layers.Embedding(80, 4, name="embed")
        encoder = layers.GRU(6, name="encoder")
        project = layers.Dense(3, activation="tanh", name="project")
        a = project(encoder(embed(first_input)))
        b = project(encoder(embed(second_input)))
        total = layers.Add(name="total")([a, b])
        out = layers.Dense(1, activation="sigmoid", name="head")(total)
        return keras.Model([first_input, second_input], out)

    case("shared_embedding_gru_dense_rmsprop_bce", build, keras.optimizers.RMSprop(learning_rate=0.01),
         "binary_crossentropy", ["accuracy"], {"first": first, "second": second}, y)


def shared_wide_and_sequences():
    """Shared recurrent kernels wider than one 64-column panel (rnnc stores those in panels for
    inference), under a shared SimpleRNN returning sequences, averaged into a Dense per timestep;
    SGD with momentum, MSE."""
    rng = np.random.default_rng(23)
    left = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    right = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    y = (np.cumsum(left[:, :, :2], axis=1) * 0.2 - right[:, :, 1:] * 0.3).astype("float32")

    def build():
        left_input = keras.Input((5, 3), name="left")
        right_input = keras.Input((5, 3), name="right")
        lower = layers.SimpleRNN(4, return_sequences=True, name="lower")
        wide = layers.LSTM(72, return_sequences=True, name="wide")
        mean = layers.Average(name="mean")([wide(lower(left_input)), wide(lower(right_input))])
        out = layers.Dense(2, name="head")(mean)
        return keras.Model([left_input, right_input], out)

    case("shared_wide_sgd_momentum_mse", build, keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
         "mean_squared_error", ["mae"], {"left": left, "right": right}, y)


def main():
    siamese_lstm()
    shared_embedding_gru_dense()
    shared_wide_and_sequences()


if __name__ == "__main__":
    main()
