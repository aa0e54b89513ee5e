"""Keras 3.15 training trajectories for rnnc's generated fit (the training issue's parity proof).

Each case is a keras.Sequential whose layers are named like the Java interface's methods, with
weights drawn from a generator seeded by the case name (N(0, 0.3^2), biases too, so every gradient
path is exercised), compiled with Keras string identifiers as rnnc's @Compile declares them, and
fitted with shuffle=False on fixed data. It records, per case, in
examples/src/test/resources/fixtures/training/<case>.json:

  "weights":  {layer: {variable: value}} before training (Keras layout),
  "x", "y":   the data (y: class labels for sparse_categorical_crossentropy),
  "epochs", "batch_size",
  "history":  Keras' History.history (loss and metrics per epoch),
  "batch_losses": the running mean loss Keras logs after every batch (epoch by epoch),
  "final":    {layer: {variable: value}} after training.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_training_parity.py
"""
import json
import pathlib
import sys
import zlib

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/fixtures/training")
ONLY = set(sys.argv[1:])  # case names to write; all when none are given


class BatchLosses(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.losses = []

    def on_epoch_begin(self, epoch, logs=None):
        self.losses.append([])

    def on_train_batch_end(self, batch, logs=None):
        self.losses[-1].append(float(logs["loss"]))


def variables_of(layer):
    """A layer's variables under rnnc's names: Keras' variable name, a Bidirectional layer's
    prefixed forward_layer/ and backward_layer/ as in its weight files."""
    if isinstance(layer, layers.Bidirectional):
        named = {}
        for prefix, sub in (("forward_layer/", layer.forward_layer), ("backward_layer/", layer.backward_layer)):
            for name, value in variables_of(sub).items():
                named[prefix + name] = value
        return named
    if isinstance(layer, layers.RNN) and isinstance(layer.cell, layers.StackedRNNCells):
        return {f"{cell.name}/{v.path.split('/')[-1]}": np.asarray(v).tolist()
                for cell in layer.cell.cells for v in cell.weights}
    return {v.path.split("/")[-1]: np.asarray(v).tolist() for v in layer.weights}


def weights_of(model):
    return {layer.name: variables_of(layer) for layer in model.layers if layer.weights}


def case(name, build, optimizer, loss, metrics, x, y, epochs=3, batch_size=8, learning_rate=None,
         sample_weight=None, class_weight=None):
    if ONLY and name not in ONLY:
        return
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = build()
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    opt = keras.optimizers.get(optimizer)
    if learning_rate:
        opt.learning_rate = learning_rate
    model.compile(optimizer=opt, loss=loss, metrics=metrics)
    losses = BatchLosses()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[losses], sample_weight=sample_weight, class_weight=class_weight)
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer, "learning_rate": learning_rate, "loss": loss, "metrics": metrics,
        "weights": before, "x": x.tolist(), "y": y.tolist(),
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "final": weights_of(model),
    }
    if sample_weight is not None:
        record["sample_weight"] = sample_weight.tolist()
    if class_weight is not None:
        record["class_weight"] = {str(k): v for k, v in class_weight.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()})


def main():
    rng = np.random.default_rng(7)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")   # 20 samples: batches of 8, 8, 4

    # LSTM + Dense regression, Adam, MSE (the forecaster's shape, small)
    y = (x[:, -3:, 0].mean(axis=1, keepdims=True) + 0.5 * x[:, 0, 1:2]).astype("float32")
    case("lstm_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.LSTM(8, name="encoder"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    # stacked GRUs (reset_after) + softmax head, SGD, categorical cross-entropy
    labels = (x[:, :, 0].sum(axis=1) > 0).astype("int64") + (x[:, :, 1].sum(axis=1) > 0)
    onehot = np.eye(3, dtype="float32")[labels]
    case("gru_stack_sgd_cce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(6, return_sequences=True, name="lower"),
        layers.GRU(5, name="upper"),
        layers.Dense(3, activation="softmax", name="head")]), "sgd", "categorical_crossentropy", ["accuracy"],
        x, onehot, learning_rate=0.1)

    # SimpleRNN + relu Dense + sigmoid head, RMSprop, binary cross-entropy
    binary = (x[:, :, 2].mean(axis=1, keepdims=True) > 0).astype("float32")
    case("simple_rnn_rmsprop_bce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.SimpleRNN(7, name="rnn"),
        layers.Dense(4, activation="relu", name="hidden"),
        layers.Dense(1, activation="sigmoid", name="head")]), "rmsprop", "binary_crossentropy", ["accuracy"],
        x, binary)

    # GRU (reset_after=False) + softmax, Adagrad, sparse categorical cross-entropy
    case("gru_reset_before_adagrad_sparse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(6, reset_after=False, name="gru"),
        layers.Dense(3, activation="softmax", name="head")]), "adagrad", "sparse_categorical_crossentropy",
        ["accuracy"], x, labels.astype("int64"), learning_rate=0.05)

    # LSTM returning sequences + per-timestep Dense, AdamW, MAE
    seq_y = np.stack([x[:, :, 0] * 0.5, x[:, :, 1] - x[:, :, 2]], axis=-1).astype("float32")
    case("lstm_seq_adamw_mae", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.LSTM(5, return_sequences=True, name="encoder"),
        layers.Dense(2, activation="tanh", name="head")]), "adamw", "mean_absolute_error", ["mse"],
        x, seq_y, learning_rate=0.01)

    # go_backwards layers (GRU returning sequences in processing order, then SimpleRNN), Adam, Huber
    case("backwards_adam_huber", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(6, go_backwards=True, return_sequences=True, name="lower"),
        layers.SimpleRNN(4, go_backwards=True, name="upper"),
        layers.Dense(1, name="head")]), "adam", "huber", ["mae"], x, y, learning_rate=0.01)

    # Embedding + LSTM, SGD: id 10 never occurs (its row gets no gradient), id 11 only in sample 0.
    # SGD, not Adam: on TensorFlow Keras hands Adam-family optimizers the table's gradient as
    # IndexedSlices, and ops.square squares each token's slice before the duplicates are summed, so
    # the second moment of a row holds the sum of squares of its tokens' gradients, not the square of
    # their sum (a row touched once agrees). rnnc applies the summed gradient; see the README.
    tokens = rng.integers(0, 10, (20, 6)).astype("int32")
    tokens[0, 0] = 11
    token_y = (tokens[:, :3].sum(axis=1, keepdims=True) > tokens[:, 3:].sum(axis=1, keepdims=True)).astype("float32")
    case("embedding_lstm_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, name="embed"),
        layers.LSTM(5, name="encoder"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        tokens, token_y, learning_rate=0.5)

    # wider than one 64-column panel: rnnc stores these recurrent kernels in panels for inference
    case("wide_lstm_gru_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.LSTM(72, return_sequences=True, name="lower"),
        layers.GRU(70, name="upper"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.005)

    # masks: Embedding(mask_zero) with padding first, last and nowhere, into LSTM(seq) -> GRU
    padded = rng.integers(1, 12, (20, 6)).astype("int32")
    for i in range(20):
        if i % 3 == 0:
            padded[i, :i % 4 + 1] = 0           # padding first
        elif i % 3 == 1:
            padded[i, 6 - (i % 4 + 1):] = 0     # padding last
    padded_y = (padded.sum(axis=1, keepdims=True) > 30).astype("float32")
    case("masked_embedding_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.LSTM(5, return_sequences=True, name="lower"),
        layers.GRU(4, name="upper"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        padded, padded_y, learning_rate=0.5)

    # Masking(0.0) into SimpleRNN(seq) and LSTM(seq, zero_output_for_mask) with a per-timestep head:
    # the loss and the metric weigh masked timesteps 0
    masked_x = x.copy()
    for i in range(20):
        masked_x[i, (i % 5):(i % 5) + (i % 3)] = 0.0
    case("masking_sequence_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.Masking(0.0, name="padding"),
        layers.SimpleRNN(4, return_sequences=True, name="lower"),
        layers.LSTM(3, return_sequences=True, zero_output_for_mask=True, name="upper"),
        layers.Dense(2, name="head")]), "adam", "mean_squared_error", ["mae"], masked_x, seq_y, learning_rate=0.01)

    # Bidirectional, as the sentiment tutorial: a masked Embedding into Bidirectional(LSTM(seq))
    # concatenated, then Bidirectional(GRU) summed
    case("bidirectional_masked_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode="concat", name="lower"),
        layers.Bidirectional(layers.GRU(3), merge_mode="sum", name="upper"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        padded, padded_y, learning_rate=0.5)

    # Bidirectional merge modes ave (sequences) and mul, Adam
    case("bidirectional_ave_mul_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.Bidirectional(layers.SimpleRNN(3, return_sequences=True), merge_mode="ave", name="lower"),
        layers.Bidirectional(layers.LSTM(2), merge_mode="mul", name="upper"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    # stacked cells (Keras' RNN([cell, cell]); rnnc's @RNN(cells = ...))
    case("stacked_cells_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.RNN([layers.LSTMCell(5), layers.GRUCell(4)], name="stack"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y, learning_rate=0.01)

    # PyTorch's num_layers as Keras writes it: RNN([LSTMCell, LSTMCell]), here masked, backwards,
    # returning sequences with zero_output_for_mask, into a GRU
    case("num_layers_masked_backwards_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.RNN([layers.LSTMCell(4), layers.LSTMCell(4)], go_backwards=True, return_sequences=True,
                   zero_output_for_mask=True, name="stack"),
        layers.GRU(3, name="upper"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy", ["accuracy"],
        padded, padded_y, learning_rate=0.5)

    # stateful layers over consecutive batches (Keras' fixed batch_shape): each sample continues the
    # stream its position left in the previous batch, across epochs too (nothing resets them);
    # the gradients stop at the batch boundary
    stream = rng.normal(0, 1, (24, 6, 3)).astype("float32")   # 3 batches of 8 streams
    stream_y = (stream[:, -2:, 0].mean(axis=1, keepdims=True) - 0.5 * stream[:, 0, 2:3]).astype("float32")
    case("stateful_lstm_gru_adam_mse", lambda: keras.Sequential([
        keras.Input(batch_shape=(8, 6, 3)),
        layers.LSTM(5, stateful=True, return_sequences=True, name="lower"),
        layers.GRU(4, stateful=True, name="upper"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], stream, stream_y,
        learning_rate=0.01)

    # stateful Bidirectional (each direction carries its own final states) and stateful stacked cells
    case("stateful_bidirectional_cells_sgd_mse", lambda: keras.Sequential([
        keras.Input(batch_shape=(8, 6, 3)),
        layers.Bidirectional(layers.SimpleRNN(3, stateful=True, return_sequences=True), name="lower"),
        layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], stateful=True, name="stack"),
        layers.Dense(1, name="head")]), "sgd", "mean_squared_error", ["mae"], stream, stream_y,
        learning_rate=0.1)

    # GRU(reset_after=False) returning sequences into TimeDistributed(Dense(softmax)): one-hot
    # targets per timestep, Adagrad, categorical cross-entropy
    step_labels = ((x[:, :, 0] > 0).astype("int64") + (x[:, :, 1] > x[:, :, 2])).astype("int64")
    step_onehot = np.eye(3, dtype="float32")[step_labels]
    case("gru_time_distributed_adagrad_cce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(6, reset_after=False, return_sequences=True, name="gru"),
        layers.TimeDistributed(layers.Dense(3, activation="softmax"), name="head")]), "adagrad",
        "categorical_crossentropy", ["accuracy"], x, step_onehot, learning_rate=0.05)

    # Keras' sample_weight (some zero) on the loss; compile's metrics stay unweighted
    weights = rng.uniform(0, 2, 20).astype("float32")
    weights[[3, 11]] = 0.0
    case("sample_weight_lstm_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.LSTM(5, name="encoder"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], x, y,
        learning_rate=0.01, sample_weight=weights)

    # Keras' class_weight: one-hot targets (argmax) and class labels
    case("class_weight_gru_sgd_cce", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.GRU(5, name="gru"),
        layers.Dense(3, activation="softmax", name="head")]), "sgd", "categorical_crossentropy",
        ["accuracy"], x, onehot, learning_rate=0.1, class_weight={0: 0.5, 1: 2.0, 2: 1.25})
    case("class_weight_simple_rnn_rmsprop_sparse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.SimpleRNN(4, name="rnn"),
        layers.Dense(3, activation="softmax", name="head")]), "rmsprop",
        "sparse_categorical_crossentropy", ["accuracy"], x, labels.astype("int64"),
        class_weight={1: 3.0, 2: 0.25})

    # zero_output_for_mask without return_sequences: Keras' last_output is zeros where the last
    # processed step is masked (padding last; padding first going backwards)
    case("zero_output_stack_sgd_bce", lambda: keras.Sequential([
        keras.Input((6,), dtype="int32"),
        layers.Embedding(12, 4, mask_zero=True, name="embed"),
        layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], zero_output_for_mask=True, name="stack"),
        layers.Dense(1, activation="sigmoid", name="head")]), "sgd", "binary_crossentropy",
        ["accuracy"], padded, padded_y, learning_rate=0.5)
    case("zero_output_backwards_adam_mse", lambda: keras.Sequential([
        keras.Input((6, 3)),
        layers.Masking(0.0, name="padding"),
        layers.GRU(4, go_backwards=True, zero_output_for_mask=True, name="gru"),
        layers.Dense(1, name="head")]), "adam", "mean_squared_error", ["mae"], masked_x, y,
        learning_rate=0.01)


if __name__ == "__main__":
    main()
