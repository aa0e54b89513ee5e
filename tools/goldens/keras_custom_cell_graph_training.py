"""Keras 3.15 training trajectories of custom cells in GRAPH models, for rnnc's generated fit with
TrainableCell: the Keras RNN guide's MinimalRNNCell (keras_custom_cell_training.py, whose Java twin
is examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java) reading a layer that another layer
reads too (the input's gradient is the sum of both readers'), stacked with a built-in cell on a
second input of another length, masked by an Embedding on a token input, and as a decoder started
by a GRU's final state (initial_state). Same record format and
weight draw as keras_graph_training_parity.py (whose `case` this uses); stacked cells are named as
rnnc numbers them within a layer. The Java models are
dev.rnnc.training.CustomCellGraphTrainingModels.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_custom_cell_graph_training.py
"""
import numpy as np
import keras
from keras import layers

from keras_custom_cell_training import MinimalRNNCell
from keras_graph_training_parity import case


def shared_reader_and_stack():
    """An LSTM's sequence read by RNN(MinimalRNNCell) and by a GRU; RNN([MinimalRNNCell,
    GRUCell]) going backwards over a second, shorter input; all three concatenated; Adam, MSE."""
    rng = np.random.default_rng(41)
    left = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    right = rng.normal(0, 1, (20, 4, 2)).astype("float32")
    y = np.stack([left[:, :, 0].mean(axis=1) + right[:, 0, 1], left[:, -1, 2] * right[:, -1, 0]],
                 axis=-1).astype("float32")

    def build():
        left_input = keras.Input((6, 3), name="left")
        right_input = keras.Input((4, 2), name="right")
        features = layers.LSTM(4, return_sequences=True, name="features")(left_input)
        custom = layers.RNN(MinimalRNNCell(5), name="custom")(features)
        summary = layers.GRU(3, name="summary")(features)
        stack = layers.RNN([MinimalRNNCell(4, name="minimal_rnn_cell"), layers.GRUCell(3, name="gru_cell")],
                           go_backwards=True, name="stack")(right_input)
        joined = layers.Concatenate(name="joined")([custom, summary, stack])
        return keras.Model([left_input, right_input], layers.Dense(2, name="head")(joined))

    case("custom_cell_graph_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"left": left, "right": right}, y)


def masked_tokens():
    """Padded tokens (padding first, last and nowhere) through Embedding(mask_zero) into
    RNN(MinimalRNNCell) returning sequences and a GRU, beside an LSTM over a float input; SGD,
    binary cross-entropy."""
    rng = np.random.default_rng(42)
    tokens = rng.integers(1, 30, (20, 6)).astype("int32")
    for i in range(20):
        if i % 3 == 0:
            tokens[i, :i % 4 + 1] = 0
        elif i % 3 == 1:
            tokens[i, 6 - (i % 4 + 1):] = 0
    series = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    y = ((tokens.sum(axis=1) > 80) ^ (series[:, :, 0].sum(axis=1) > 0)).astype("float32")[:, None]

    def build():
        token_input = keras.Input((6,), dtype="int32", name="tokens")
        series_input = keras.Input((5, 2), name="series")
        embedded = layers.Embedding(30, 4, mask_zero=True, name="embed")(token_input)
        custom = layers.RNN(MinimalRNNCell(5), return_sequences=True, name="custom")(embedded)
        words = layers.GRU(3, name="words")(custom)
        encoded = layers.LSTM(3, name="encoded")(series_input)
        joined = layers.Concatenate(name="joined")([words, encoded])
        return keras.Model([token_input, series_input],
                           layers.Dense(1, activation="sigmoid", name="head")(joined))

    case("custom_cell_masked_tokens_sgd_bce", build, keras.optimizers.SGD(learning_rate=0.5),
         "binary_crossentropy", ["accuracy"], {"tokens": tokens, "series": series}, y)


def custom_cell_decoder():
    """The encoder-decoder with a custom decoder cell: a GRU's final state starts
    RNN(MinimalRNNCell) over a second input (initial_state), whose gradient flows back into the
    GRU's last step; Adam, MSE."""
    rng = np.random.default_rng(43)
    source = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    target = rng.normal(0, 1, (20, 4, 2)).astype("float32")
    y = (source[:, :, 0].mean(axis=1) - target[:, -1, 1]).astype("float32")[:, None]

    def build():
        source_input = keras.Input((6, 3), name="source")
        target_input = keras.Input((4, 2), name="target")
        _, state = layers.GRU(5, return_state=True, name="encoder")(source_input)
        decoded = layers.RNN(MinimalRNNCell(5), name="decoder")(target_input, initial_state=[state])
        return keras.Model([source_input, target_input], layers.Dense(1, name="head")(decoded))

    case("custom_cell_decoder_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"source": source, "target": target}, y)


def main():
    shared_reader_and_stack()
    masked_tokens()
    custom_cell_decoder()


if __name__ == "__main__":
    main()
