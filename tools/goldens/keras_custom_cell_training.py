"""Keras 3.15 training trajectories of custom cells, for rnnc's generated fit with TrainableCell.

The cell is the Keras RNN guide's MinimalRNNCell (output = new state = x·kernel + h·recurrent_kernel;
its Java twin, with a backward step, is examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java),
inside keras.layers.RNN alone, stacked with built-in cells (StackedRNNCells), masked, backwards and
returning sequences. Each case is a keras.Sequential fitted with shuffle=False from fixed initial
weights, recorded exactly as tools/goldens/keras_training_parity.py records its cases (the same
case() function, imported), in examples/src/test/resources/fixtures/training/<case>.json; the Java
side is examples/src/test/java/dev/rnnc/training/CustomCellTrainingTest.java.

Bidirectional(RNN(MinimalRNNCell)) cases are written by bidirectional_cases() (a serializable
subclass, as Bidirectional rebuilds its layers from their configs).

The guide's NestedCell reads two inputs, a cell rnnc does not train yet (custom cells in graphs do:
keras_custom_cell_graph_training.py), so no trajectory of it is recorded here (its backward step is
checked by GradientCheck).

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_custom_cell_training.py
"""
import numpy as np
import keras
from keras import layers, ops

from keras_training_parity import case


class MinimalRNNCell(keras.layers.Layer):
    """The Keras guide's custom cell, as the guide writes it."""

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


@keras.saving.register_keras_serializable(package="rnnc")
class SerializableMinimalRNNCell(MinimalRNNCell):
    """The guide's cell, serializable: Bidirectional rebuilds its layers from their configs."""

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def main():
    rng = np.random.default_rng(17)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")   # 20 samples: batches of 8, 8, 4
    y = (x[:, -3:, 0].mean(axis=1, keepdims=True) + 0.5 * x[:, 0, 1:2]).astype("float32")

    # the guide's model: RNN(MinimalRNNCell) + Dense, Adam, MSE
    case("minimal_rnn_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.RNN(MinimalRNNCell(8), name="custom"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    # go_backwards, returning sequences (in processing order) into a per-timestep Dense, SGD
    seq_y = np.stack([x[:, :, 0] * 0.5, x[:, :, 1] - x[:, :, 2]], axis=-1).astype("float32")
    case("minimal_rnn_backwards_seq_sgd_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.RNN(MinimalRNNCell(6), go_backwards=True, return_sequences=True, name="custom"),
        layers.Dense(2, name="head")]), "sgd", "mean_squared_error", ["mae"], x, seq_y, learning_rate=0.05)

    # stacked with a built-in cell, masked (Embedding mask_zero: padding first, last, nowhere),
    # backwards: RNN([GRUCell, MinimalRNNCell]) + sigmoid, SGD, binary cross-entropy
    padded = rng.integers(1, 12, (20, 6)).astype("int32")
    for i in range(20):
        if i % 3 == 0:
            padded[i, :i % 4 + 1] = 0           # padding first
        elif i % 3 == 1:
            padded[i, 6 - (i % 4 + 1):] = 0     # padding last
    padded_y = (padded.sum(axis=1, keepdims=True) > 30).astype("float32")
    case("stacked_gru_minimal_masked_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.RNN([layers.GRUCell(6), MinimalRNNCell(5)], go_backwards=True, name="stack"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        padded, padded_y, learning_rate=0.5)

    # the custom cell first, an LSTMCell reading its outputs, softmax head: Adam, categorical CE
    labels = (x[:, :, 0].sum(axis=1) > 0).astype("int64") + (x[:, :, 1].sum(axis=1) > 0)
    onehot = np.eye(3, dtype="float32")[labels]
    case("stacked_minimal_lstm_adam_cce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.RNN([MinimalRNNCell(5), layers.LSTMCell(4)], name="stack"),
        layers.Dense(3, activation="softmax", name="head")]), "adam", "categorical_crossentropy", ["accuracy"],
        x, onehot, learning_rate=0.01)

    # Masking(0.0) (gaps anywhere, sometimes at the first timestep) into two custom layers, both
    # with zero_output_for_mask: the lower one returns sequences, the upper one goes backwards and
    # returns its last output, which is zero for a sample whose first timestep is masked
    masked_x = x.copy()
    for i in range(20):
        masked_x[i, (i % 5):(i % 5) + (i % 3)] = 0.0
    case("masking_minimal_zero_output_rmsprop_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.Masking(0.0, name="padding"),
        layers.RNN(MinimalRNNCell(5), return_sequences=True, zero_output_for_mask=True, name="lower"),
        layers.RNN(MinimalRNNCell(4), go_backwards=True, zero_output_for_mask=True, name="upper"),
        layers.Dense(1, name="head")]), "rmsprop", "mean_squared_error", ["mae"], masked_x, y,
        learning_rate=0.01)

    bidirectional_cases()


def bidirectional_cases():
    """Bidirectional(RNN(custom cell)): each direction its own cell objects (Keras copies the layer
    for the backward direction), the outputs merged."""
    rng = np.random.default_rng(23)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = (x[:, -3:, 0].mean(axis=1, keepdims=True) + 0.5 * x[:, 0, 1:2]).astype("float32")
    case("bidirectional_minimal_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.Bidirectional(layers.RNN(SerializableMinimalRNNCell(5)), name="bi"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    # masked (Embedding mask_zero, padding first and last): a GRU cell and the custom cell stacked
    # in each direction, returning sequences merged by sum, read by a second Bidirectional custom
    # layer (zero_output_for_mask as Keras forces it), SGD, binary cross-entropy
    padded = rng.integers(1, 12, (20, 6)).astype("int32")
    for i in range(20):
        if i % 3 == 0:
            padded[i, :i % 4 + 1] = 0
        elif i % 3 == 1:
            padded[i, 6 - (i % 4 + 1):] = 0
    padded_y = (padded.sum(axis=1, keepdims=True) > 30).astype("float32")
    case("bidirectional_stacked_masked_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.RNN([layers.GRUCell(4), SerializableMinimalRNNCell(3, name="minimal_rnn_cell")],
                                        return_sequences=True),
                             merge_mode="sum", name="lower"),
        layers.Bidirectional(layers.RNN(SerializableMinimalRNNCell(3)), merge_mode="concat", name="upper"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        padded, padded_y, learning_rate=0.5)


if __name__ == "__main__":
    main()
