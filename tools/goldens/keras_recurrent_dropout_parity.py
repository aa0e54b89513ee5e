"""Keras 3.15 training trajectories with the recurrent layers' dropout and recurrent_dropout, for
rnnc's generated fit (examples/.../training/RecurrentDropoutParityTest).

Keras draws its dropout masks at random, so they cannot be reproduced; instead this script hands
Keras masks it draws itself and records them, and rnnc replays the same masks
(RecurrentDropouts.replay). The hook is DropoutRNNCell.get_dropout_mask /
get_recurrent_dropout_mask (keras/src/layers/rnn/dropout_rnn_cell.py): RNN.call asks each cell for
its masks once per call (_maybe_config_dropout_masks, rnn.py) and the cell's call reuses the cached
masks at every timestep; a cell with dropout_mask_count (LSTM 4, GRU 3, set when recurrent_dropout
forces implementation=1) gets that many masks of each kind, in Keras' gate order (LSTM i, f, c, o;
GRU z, r, h). Everything else is Keras' own code: the cells multiply by the masks we return exactly
where they would multiply by theirs. Masks are drawn only during training batches (a callback flags
them); Keras calls the hook in inference too, where the cells do not use the masks.

Fixture (examples/src/test/resources/fixtures/training/<case>.json), as keras_training_parity.py's
plus "masks": {cell name as rnnc names its training fields: {"input"|"recurrent": {"rate": r,
"calls": [per training batch: flags sample by sample, each sample's masks in Keras' gate order,
1 kept (scaled by 1/(1-rate)), 0 dropped]}}}.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python \
        tools/goldens/keras_recurrent_dropout_parity.py
"""
import json
import pathlib
import sys
import zlib

import numpy as np
import keras
from keras import layers, ops
from keras.src.layers.rnn.dropout_rnn_cell import DropoutRNNCell

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_training_parity import BatchLosses, weights_of  # noqa: E402

OUT = pathlib.Path("examples/src/test/resources/fixtures/training")


class Masks:
    """The masks handed to Keras, drawn from a seeded generator during training batches."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.training = False
        self.recorded = {}

    def make(self, cell, step_input, rate, kind):
        count = getattr(cell, "dropout_mask_count", None)
        n = 1 if count is None else count
        shape = tuple(step_input.shape)
        if not self.training or not hasattr(cell, "rnnc_name"):
            ones = ops.ones_like(step_input)
            return ones if count is None else [ones] * n
        keep = (self.rng.random((n,) + shape) >= rate)          # n masks of (batch, width)
        scale = np.float32(1 / (1 - rate))
        values = keep.astype("float32") * scale
        entry = self.recorded.setdefault(cell.rnnc_name, {}).setdefault(
            kind, {"rate": rate, "calls": []})
        # sample by sample, each sample's n masks in Keras' gate order
        entry["calls"].append(keep.transpose(1, 0, 2).astype("int8").reshape(-1).tolist())
        tensors = [ops.convert_to_tensor(v) for v in values]
        return tensors[0] if count is None else tensors


MASKS = None


def get_dropout_mask(self, step_input):
    if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
        self._dropout_mask = MASKS.make(self, step_input, self.dropout, "input")
    return getattr(self, "_dropout_mask", None)


def get_recurrent_dropout_mask(self, step_input):
    if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
        self._recurrent_dropout_mask = MASKS.make(
            self, step_input, self.recurrent_dropout, "recurrent")
    return getattr(self, "_recurrent_dropout_mask", None)


DropoutRNNCell.get_dropout_mask = get_dropout_mask
DropoutRNNCell.get_recurrent_dropout_mask = get_recurrent_dropout_mask


class TrainingBatches(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        MASKS.training = True

    def on_train_batch_end(self, batch, logs=None):
        MASKS.training = False


def name_cells(model):
    """Each cell's name as rnnc names its training fields."""
    for layer in model.layers:
        if isinstance(layer, layers.Bidirectional):
            layer.forward_layer.cell.rnnc_name = layer.name + "Forward"
            layer.backward_layer.cell.rnnc_name = layer.name + "Backward"
        elif isinstance(layer, layers.RNN) and isinstance(layer.cell, layers.StackedRNNCells):
            for k, cell in enumerate(layer.cell.cells):
                cell.rnnc_name = f"{layer.name}Cell{k}"
        elif isinstance(layer, layers.RNN):
            layer.cell.rnnc_name = layer.name


def case(name, build, optimizer, loss, metrics, x, y, epochs=2, batch_size=8, learning_rate=None):
    global MASKS
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    MASKS = Masks(zlib.crc32(("masks " + name).encode()))
    model = build()
    name_cells(model)
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    opt = keras.optimizers.get(optimizer)
    if learning_rate:
        opt.learning_rate = learning_rate
    model.compile(optimizer=opt, loss=loss, metrics=metrics, run_eagerly=True)
    losses = BatchLosses()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[TrainingBatches(), losses])
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer, "learning_rate": learning_rate, "loss": loss, "metrics": metrics,
        "weights": before, "x": x.tolist(), "y": y.tolist(),
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "final": weights_of(model),
        "masks": MASKS.recorded,
    }
    batches = epochs * -(-len(x) // batch_size)
    for cell, kinds in MASKS.recorded.items():
        for kind, entry in kinds.items():
            assert len(entry["calls"]) == batches, (name, cell, kind, len(entry["calls"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()},
          {c: {k: len(e["calls"]) for k, e in kinds.items()} for c, kinds in MASKS.recorded.items()})


def main():
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")   # 20 samples: batches of 8, 8, 4

    y = (x[:, -3:, 0].mean(axis=1, keepdims=True) + 0.5 * x[:, 0, 1:2]).astype("float32")
    case("dropout_lstm_both_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.LSTM(8, dropout=0.25, recurrent_dropout=0.3, name="encoder"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    labels = (x[:, :, 0].sum(axis=1) > 0).astype("int64") + (x[:, :, 1].sum(axis=1) > 0)
    onehot = np.eye(3, dtype="float32")[labels]
    case("dropout_gru_stack_sgd_cce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(6, return_sequences=True, dropout=0.2, name="lower"),
        layers.GRU(5, reset_after=False, dropout=0.1, recurrent_dropout=0.25, name="upper"),
        layers.Dense(3, activation="softmax", name="head")]), "sgd", "categorical_crossentropy",
        ["accuracy"], x, onehot, learning_rate=0.1)

    binary = (x[:, :, 2].mean(axis=1, keepdims=True) > 0).astype("float32")
    case("dropout_simple_rnn_gru_rmsprop_bce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.SimpleRNN(7, return_sequences=True, dropout=0.3, recurrent_dropout=0.2, name="rnn"),
        layers.GRU(4, recurrent_dropout=0.35, name="gru"),
        layers.Dense(1, activation="sigmoid", name="head")]), "rmsprop", "binary_crossentropy",
        ["accuracy"], x, binary)

    tokens = rng.integers(1, 12, (20, 6))
    for i in range(20):
        tokens[i, : i % 3] = 0                                  # leading padding
    ty = (tokens[:, -2:].sum(axis=1, keepdims=True) > 11).astype("float32")
    # SGD: with Adam-family optimizers Keras on TensorFlow updates an Embedding row whose token
    # repeats within a batch otherwise than rnnc (tools/goldens/README.md), dropout or not
    case("dropout_masked_bidirectional_cells_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True, dropout=0.2,
                                         recurrent_dropout=0.2), name="bi"),
        layers.RNN([layers.GRUCell(5, dropout=0.15), layers.SimpleRNNCell(3, recurrent_dropout=0.25)],
                   name="stack"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", [],
        tokens, ty, learning_rate=0.5)


if __name__ == "__main__":
    main()
