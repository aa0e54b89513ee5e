"""Keras 3.15 training trajectories of Bidirectional graphs: merge_mode=None (rnnc's
@Bidirectional(mergeMode = "none") with @Forward / @Backward readers), and one Bidirectional layer's
final states starting another's (rnnc's @InitialState between @Bidirectional layers); the record
format and case() of keras_graph_training_parity.py; Java twins in examples/.../training/
MergeNoneTrainingTest.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_merge_none_training.py
"""
import pathlib
import sys

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_graph_training_parity import case  # noqa: E402


def main():
    rng = np.random.default_rng(23)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = (x[:, -3:, 0].mean(axis=1, keepdims=True) + 0.5 * x[:, 0, 1:2]).astype("float32")

    def sequences():
        """The forward sequence through a Dense, concatenated after the backward sequence (in
        input order), into a GRU."""
        inp = keras.Input((6, 3), name="x")
        forward, backward = layers.Bidirectional(layers.LSTM(4, return_sequences=True),
                                                 merge_mode=None, name="encoder")(inp)
        tags = layers.Dense(3, name="tags")(forward)
        joined = layers.Concatenate(name="joined")([backward, tags])
        summary = layers.GRU(3, name="summary")(joined)
        return keras.Model(inp, layers.Dense(1, name="head")(summary))

    case("merge_none_sequences_adam_mse", sequences, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"x": x}, y)

    def vectors():
        """The last outputs of both directions, multiplied."""
        inp = keras.Input((6, 3), name="x")
        forward, backward = layers.Bidirectional(layers.SimpleRNN(4), merge_mode=None,
                                                 name="encoder")(inp)
        product = layers.Multiply(name="product")([forward, backward])
        return keras.Model(inp, layers.Dense(1, name="head")(product))

    case("merge_none_vectors_sgd_mse", vectors, keras.optimizers.SGD(learning_rate=0.1),
         "mean_squared_error", ["mae"], {"x": x}, y)

    def initial_states():
        """Bidirectional(LSTM) returning its sequence and states (forward h, c, backward h, c),
        which start a second Bidirectional(LSTM) over that sequence: forward into forward,
        backward into backward."""
        inp = keras.Input((6, 3), name="x")
        seq, fh, fc, bh, bc = layers.Bidirectional(
            layers.LSTM(4, return_sequences=True, return_state=True), name="encoder")(inp)
        decoded = layers.Bidirectional(layers.LSTM(4), name="decoder")(
            seq, initial_state=[fh, fc, bh, bc])
        return keras.Model(inp, layers.Dense(1, name="head")(decoded))

    case("bidirectional_initial_state_adam_mse", initial_states,
         keras.optimizers.Adam(learning_rate=0.01), "mean_squared_error", ["mae"], {"x": x}, y)


if __name__ == "__main__":
    main()
