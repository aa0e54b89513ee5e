"""Keras 3.15 training trajectories of models called with a mask (Keras' mask=), for rnnc's
fit(float[][][] x, int[] lengths, y, FitOptions) and evaluate(x, lengths, y): each sample's first
lengths[b] timesteps are real, the rest padding.

Each case is a functional keras.Model of two inputs: the sequence "x" and a boolean "mask" Input
(True for t < lengths[b]) passed to the first recurrent layer as layer(x, mask=mask), as Keras' own
layer tests call it; the mask flows from there as a @Masking one would (masked steps carry the
states and get no gradient; a sequence output's masked timesteps weigh 0 in the loss and metrics,
keras/src/losses/loss.py apply_mask). Layers are named like the Java interface's methods
(examples/.../training/LengthsTrainingTest), weights drawn as keras_training_parity.py draws them,
fitted with shuffle=False, then evaluated on the same data in one batch. Writes examples/src/test/resources/fixtures/training/<case>.json in
keras_graph_training_parity.py's format, "x" holding the input "x" alone and "lengths" the lengths
the mask was made from.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_lengths_training.py
"""
import json
import pathlib
import sys
import zlib

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_training_parity import OUT, BatchLosses, weights_of  # noqa: E402

T, F = 6, 3


def case(name, build, optimizer, loss, metrics, x, lengths, y, epochs=3, batch_size=8):
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    inp = keras.Input((T, F), name="x")
    mask = keras.Input((T,), dtype="bool", name="mask")
    model = keras.Model([inp, mask], build(inp, mask))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    m = np.arange(T)[None, :] < lengths[:, None]
    data = {"x": x, "mask": m}
    losses = BatchLosses()
    history = model.fit(data, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[losses])
    # Keras' default batch size (32), as rnnc's evaluate(x, lengths, y): a masked loss is each
    # batch's mean over its real timesteps, so the batching shows
    evaluated = model.evaluate(data, y, verbose=0, return_dict=True)
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer.get_config(), "loss": loss, "metrics": metrics,
        "weights": before, "x": {"x": x.tolist()}, "lengths": lengths.tolist(), "y": y.tolist(),
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "evaluate": {k: float(v) for k, v in evaluated.items()},
        "final": weights_of(model),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()})


def main():
    rng = np.random.default_rng(31)
    x = rng.normal(0, 1, (20, T, F)).astype("float32")  # batches of 8, 8, 4
    lengths = rng.integers(1, T + 1, 20)
    lengths[3] = 0  # a sample of padding only: every state stays the initial one
    lengths[5] = T
    # padding holds values too (not zeros), so a step that is not skipped would show
    y_vector = (x[:, 0, :1] - 0.5 * x[:, 1, 1:2]).astype("float32")

    def tagger(inp, mask):
        """A per-timestep head after an LSTM sequence: the loss's masked timesteps weigh 0."""
        seq = layers.LSTM(5, return_sequences=True, name="encoder")(inp, mask=mask)
        return layers.Dense(2, name="tags")(seq)

    y_tags = np.stack([x[:, :, 0] + x[:, :, 1], x[:, :, 2]], axis=-1).astype("float32")
    case("lengths_lstm_tagger_adam_mse", tagger, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], x, lengths, y_tags)

    def stacked(inp, mask):
        """GRU sequence into a SimpleRNN's last output (the last real step's) into a head."""
        seq = layers.GRU(4, return_sequences=True, name="lower")(inp, mask=mask)
        last = layers.SimpleRNN(3, name="upper")(seq)
        return layers.Dense(1, name="head")(last)

    case("lengths_gru_simple_rnn_sgd_mse", stacked, keras.optimizers.SGD(learning_rate=0.1),
         "mean_squared_error", ["mae"], x, lengths, y_vector)

    def bidirectional(inp, mask):
        """Bidirectional LSTM (the backward direction starts at each row's last real step) into a
        softmax head."""
        both = layers.Bidirectional(layers.LSTM(4), name="encoder")(inp, mask=mask)
        return layers.Dense(3, activation="softmax", name="head")(both)

    labels = (x[:, 0, 0] > 0).astype("int64") + (x[:, 1, 1] > 0)
    onehot = np.eye(3, dtype="float32")[labels]
    case("lengths_bidirectional_lstm_rmsprop_cce", bidirectional,
         keras.optimizers.RMSprop(learning_rate=0.01), "categorical_crossentropy", ["accuracy"],
         x, lengths, onehot)


if __name__ == "__main__":
    main()
