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

Models with several inputs (fit(a, int[] aLengths, b, int[] bLengths, y, options), Keras'
model([a, b], mask=[mask_a, mask_b])): one boolean mask Input per masked input, each passed to the
layer that reads that input as layer(x, mask=m) (a Concatenate of masked sequences as
Concatenate()([a, b], mask=[mask_a, mask_b]): the masks' logical or, an unmasked input counting as
all real, keras/src/layers/merging/concatenate.py compute_mask). Cases (examples/.../training/
SeveralInputsLengthsTrainingTest):
  lengths_two_encoders_adam_mse: a -> LSTM(5) "left", b -> GRU(4) "right", each masked by its own
      lengths, Concatenate "both", Dense(2) "head".
  lengths_merged_sequences_rmsprop_mse: a and b masked, Concatenate "streams" (mask or), GRU(4,
      return_sequences) "rnn", Dense(2) "tags" per timestep: the loss over the or's real steps.
  lengths_one_input_masked_sgd_mse: only a masked: a -> GRU(4, return_sequences) "left", b ->
      LSTM(3, return_sequences) "right", Concatenate "both" (all real: b is unmasked), Dense(2)
      "tags" per timestep, the loss over every timestep.
Their fixtures hold "x": {input: batch}, "lengths": {input: lengths} of the masked inputs only.

Run only some cases by naming them: keras_lengths_training.py lengths_two_encoders_adam_mse ...

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_lengths_training.py
"""
import json
import pathlib
import sys
import warnings
import zlib

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_training_parity import OUT, BatchLosses, weights_of  # noqa: E402

T, F = 6, 3
# The self-check's model([a, b], mask=[...]): Keras warns that the model itself returns no mask;
# its layers do receive each input's (checked against the mask Inputs' model).
warnings.filterwarnings("ignore", message=".*does not support masking.*")
ONLY = set(sys.argv[1:])  # case names to write; all when none are given


def case(name, build, optimizer, loss, metrics, x, lengths, y, epochs=3, batch_size=8):
    if ONLY and name not in ONLY:
        return
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


class WithMask(layers.Layer):
    """x with the boolean mask m attached, as Keras' Functional.call attaches a model input's
    mask=: for a layer such as Concatenate, whose call takes no mask= argument."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return keras.ops.copy(inputs[0])

    def compute_mask(self, inputs, mask=None):
        return inputs[1]


def masked(x, mask):
    return x if mask is None else WithMask()([x, mask])


def several_case(name, shapes, build, optimizer, loss, metrics, xs, lengths, y, epochs=3,
                 batch_size=8):
    """A model of several inputs ({name: (timesteps, features)}), those in `lengths` masked by a
    boolean Input each. build() makes the layers and returns apply(inputs, masks), dicts by input
    name (a mask None when the input has none). Self-check: before training, the model on its mask
    Inputs agrees with the same layers called as model([a, b], mask=[mask_a, mask_b])."""
    if ONLY and name not in ONLY:
        return
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    apply = build()
    inputs = {n: keras.Input(shape, name=n) for n, shape in shapes.items()}
    masks = {n: keras.Input((shapes[n][0],), dtype="bool", name=n + "_mask") for n in lengths}
    model = keras.Model([*inputs.values(), *masks.values()], apply(inputs, masks))
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    data = dict(xs)
    for n, ls in lengths.items():
        data[n + "_mask"] = np.arange(shapes[n][0])[None, :] < ls[:, None]
    plain = {n: keras.Input(shape, name=n) for n, shape in shapes.items()}
    twin = keras.Model(list(plain.values()), apply(plain, {}))
    called = twin([xs[n] for n in shapes], mask=[data.get(n + "_mask") for n in shapes])
    unmasked = twin([xs[n] for n in shapes])
    ours = model(data)
    assert np.abs(np.asarray(called) - np.asarray(ours)).max() < 1e-6, name
    assert np.abs(np.asarray(unmasked) - np.asarray(ours)).max() > 1e-3, name + ": masks matter"
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    losses = BatchLosses()
    history = model.fit(data, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[losses])
    evaluated = model.evaluate(data, y, verbose=0, return_dict=True)
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer.get_config(), "loss": loss, "metrics": metrics,
        "weights": before, "x": {n: v.tolist() for n, v in xs.items()},
        "lengths": {n: v.tolist() for n, v in lengths.items()}, "y": y.tolist(),
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "evaluate": {k: float(v) for k, v in evaluated.items()},
        "final": weights_of(model),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()})


def several_inputs():
    rng = np.random.default_rng(47)
    a = rng.normal(0, 1, (20, 6, 3)).astype("float32")  # batches of 8, 8, 4
    b5 = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    b6 = rng.normal(0, 1, (20, 6, 2)).astype("float32")
    a_lengths = rng.integers(1, 7, 20)
    b_lengths = rng.integers(1, 6, 20)
    b6_lengths = rng.integers(1, 7, 20)
    # a full row of each; a row of padding only in one input, the other's real; both empty
    a_lengths[[2, 9]], b_lengths[[4, 9]], b6_lengths[[5, 13]] = 6, 5, 6
    a_lengths[3], b_lengths[6], b6_lengths[1] = 0, 0, 0
    a_lengths[17], b6_lengths[17] = 0, 0
    y_vector = np.stack([a[:, 0, 0] - b5[:, 0, 1], a[:, 1, 2] + 0.5 * b5[:, 1, 0]],
                        axis=-1).astype("float32")

    def two_encoders():
        left, right = layers.LSTM(5, name="left"), layers.GRU(4, name="right")
        both, head = layers.Concatenate(name="both"), layers.Dense(2, name="head")
        return lambda x, m: head(both([left(x["a"], mask=m.get("a")),
                                       right(x["b"], mask=m.get("b"))]))

    several_case("lengths_two_encoders_adam_mse", {"a": (6, 3), "b": (5, 2)}, two_encoders,
                 keras.optimizers.Adam(learning_rate=0.01), "mean_squared_error", ["mae"],
                 {"a": a, "b": b5}, {"a": a_lengths, "b": b_lengths}, y_vector)

    y_tags = np.stack([a[:, :, 0] + b6[:, :, 1], a[:, :, 2] - b6[:, :, 0]],
                      axis=-1).astype("float32")

    def merged():
        streams = layers.Concatenate(name="streams")
        rnn = layers.GRU(4, return_sequences=True, name="rnn")
        tags = layers.Dense(2, name="tags")
        return lambda x, m: tags(rnn(streams([masked(x["a"], m.get("a")),
                                              masked(x["b"], m.get("b"))])))

    several_case("lengths_merged_sequences_rmsprop_mse", {"a": (6, 3), "b": (6, 2)}, merged,
                 keras.optimizers.RMSprop(learning_rate=0.01), "mean_squared_error", ["mae"],
                 {"a": a, "b": b6}, {"a": a_lengths, "b": b6_lengths}, y_tags)

    def one_masked():
        left = layers.GRU(4, return_sequences=True, name="left")
        right = layers.LSTM(3, return_sequences=True, name="right")
        both, tags = layers.Concatenate(name="both"), layers.Dense(2, name="tags")
        return lambda x, m: tags(both([left(x["a"], mask=m.get("a")), right(x["b"])]))

    several_case("lengths_one_input_masked_sgd_mse", {"a": (6, 3), "b": (6, 2)}, one_masked,
                 keras.optimizers.SGD(learning_rate=0.1), "mean_squared_error", ["mae"],
                 {"a": a, "b": b6}, {"a": a_lengths}, y_tags)


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
    several_inputs()


if __name__ == "__main__":
    main()
