"""Keras 3.15 training trajectories of models with SEVERAL OUTPUTS for rnnc's generated fit: one
loss per output (or one for all), the model's loss their sum weighted by loss_weights, each
output's unweighted loss logged as <output>_loss and its metrics as <output>_<metric>
(keras/src/trainers/compile_utils.py). Same record format and weight draw as
keras_graph_training_parity.py; "y" holds one entry per component of the Java y record, and
"components" the Java component of each Keras output, in output order. The Java models are
dev.rnnc.training.SeveralOutputsTrainingModels.

Run from the repository root (TensorFlow backend, CPU; case names as arguments write only those):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_several_outputs_training.py [case ...]
"""
import json
import sys
import zlib

import numpy as np
import keras
from keras import layers, ops

from keras_custom_cell_training import MinimalRNNCell
from keras_training_parity import OUT, BatchLosses, weights_of

ONLY = set(sys.argv[1:])  # case names to write; all when none are given


class DoubledTanhCell(keras.layers.Layer):
    """A cell whose output is not its state: state' = tanh(x·kernel + state·recurrent_kernel +
    bias), output = 2·state' (its Java twin: examples/src/test/java/dev/rnnc/cells/
    DoubledTanhCell.java). A loss on its final state reaches the last step as the state's
    gradient, not the output's, which this cell tells apart where MinimalRNNCell cannot."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform",
                                      name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="uniform", name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")
        self.built = True

    def call(self, inputs, states):
        state = ops.tanh(ops.matmul(inputs, self.kernel)
                         + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return 2.0 * state, [state]


@keras.saving.register_keras_serializable(package="rnnc")
class SerializableDoubledTanhCell(DoubledTanhCell):
    """DoubledTanhCell, serializable: Bidirectional rebuilds its layers from their configs."""

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class TwoInputDoubledTanhCell(keras.layers.Layer):
    """DoubledTanhCell reading two inputs, concatenated into one row that it splits at i1 (as
    keras_multi_input_cell_training.py feeds its TwoInputMinimalRNNCell): state' = tanh(x1·kernel_1
    + x2·kernel_2 + state·recurrent_kernel + bias), output = 2·state' (its Java twin, which reads
    the two inputs apart: examples/src/test/java/dev/rnnc/cells/TwoInputDoubledTanhCell.java)."""

    def __init__(self, units, i1, **kwargs):
        super().__init__(**kwargs)
        self.units, self.i1 = units, i1
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel_1 = self.add_weight(shape=(self.i1, self.units), initializer="uniform",
                                        name="kernel_1")
        self.kernel_2 = self.add_weight(shape=(input_shape[-1] - self.i1, self.units),
                                        initializer="uniform", name="kernel_2")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="uniform", name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")
        self.built = True

    def call(self, inputs, states):
        state = ops.tanh(ops.matmul(inputs[:, :self.i1], self.kernel_1)
                         + ops.matmul(inputs[:, self.i1:], self.kernel_2)
                         + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return 2.0 * state, [state]


def case(name, build, optimizer, loss, loss_weights, metrics, x, components, y, epochs=3,
         batch_size=8, rewrite=None):
    """y: one array per Keras output, in output order; components: the Java record component of
    each (Keras names both directions of a merge_mode=None layer after the layer, so the targets
    go to Keras as a list). rewrite, if given, turns the record into what the Java model's record
    and logs hold (rows of several Keras outputs as one component) before it is written."""
    if ONLY and name not in ONLY:
        return
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = build()
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    model.compile(optimizer=optimizer, loss=loss, loss_weights=loss_weights, metrics=metrics)
    losses = BatchLosses()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[losses])
    # Keras' default batch size, as rnnc's evaluate(x, y) (FitOptions' 32): the <output>_loss
    # entries are means over batches, each batch counting once, so the batching shows in them
    evaluated = model.evaluate(x, y, verbose=0, return_dict=True)
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer.get_config(), "loss": loss, "loss_weights": loss_weights,
        "metrics": metrics, "output_names": list(model.output_names),
        "weights": before, "x": {k: v.tolist() for k, v in x.items()},
        "components": components,
        "y": {c: v.tolist() for c, v in zip(components, y)},
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "evaluate": {k: float(v) for k, v in evaluated.items()},
        "final": weights_of(model),
    }
    if rewrite is not None:
        rewrite(record)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()})


def two_heads():
    """One LSTM read by two Dense heads: a softmax head under categorical cross-entropy (from its
    logits) with accuracy, and a linear head under MSE weighted 0.5 with MAE; Adam."""
    rng = np.random.default_rng(41)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    tags = np.eye(3, dtype="float32")[(x[:, :, 0].sum(axis=1) > 0).astype(int)
                                      + (x[:, -1, 1] > 0.5).astype(int)]
    score = (x[:, :, 2].mean(axis=1, keepdims=True) * 2).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        encoded = layers.LSTM(5, name="encoder")(inp)
        out_tags = layers.Dense(3, activation="softmax", name="tags")(encoded)
        out_score = layers.Dense(1, name="score")(encoded)
        return keras.Model(inp, [out_tags, out_score])

    case("two_heads_adam", build, keras.optimizers.Adam(learning_rate=0.01),
         {"tags": "categorical_crossentropy", "score": "mean_squared_error"},
         {"tags": 1.0, "score": 0.5}, {"tags": ["accuracy"], "score": ["mae"]},
         {"x": x}, ["tags", "score"], [tags, score])


def directions():
    """Both directions of a merge_mode=None Bidirectional GRU as the model's two outputs (Keras
    names both after the layer), one loss for all (MSE, no weights), MAE on each; RMSprop.
    Keras logs one encoder_loss, the later output's."""
    rng = np.random.default_rng(42)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    forward = np.tanh(np.cumsum(x[:, :, :1], axis=1) * 0.5).repeat(3, axis=-1) * [1, -0.5, 0.2]
    backward = np.tanh(np.cumsum(x[:, ::-1, 1:], axis=1)[:, ::-1] * 0.5).repeat(3, axis=-1) * [0.3, 1, -1]

    def build():
        inp = keras.Input((5, 2), name="x")
        fwd, bwd = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None,
                                        name="encoder")(inp)
        return keras.Model(inp, [fwd, bwd])

    case("directions_rmsprop", build, keras.optimizers.RMSprop(learning_rate=0.01),
         "mean_squared_error", None, [["mae"], ["mae"]],
         {"x": x}, ["encoderForward", "encoderBackward"],
         [forward.astype("float32"), backward.astype("float32")])


def masked_head_and_direction():
    """A masked Embedding into a merge_mode=None Bidirectional LSTM: a softmax per timestep of the
    forward direction under sparse labels (masked steps weigh 0), and the backward direction as an
    output of its own under MSE weighted 0.5; SGD with momentum."""
    rng = np.random.default_rng(43)
    tokens = rng.integers(1, 30, (20, 6)).astype("int32")
    for i in range(20):
        tokens[i, 6 - i % 3:] = 0  # padding last: 0, 1 or 2 steps
    labels = (tokens % 4).astype("int64")
    backward = np.sin(tokens[:, :, None] * [0.1, 0.2]).astype("float32")

    def build():
        inp = keras.Input((6,), dtype="int32", name="x")
        embedded = layers.Embedding(30, 4, mask_zero=True, name="embed")(inp)
        fwd, bwd = layers.Bidirectional(layers.LSTM(2, return_sequences=True), merge_mode=None,
                                        name="encoder")(embedded)
        head = layers.Dense(4, activation="softmax", name="head")(fwd)
        return keras.Model(inp, [head, bwd])

    case("masked_head_and_direction_sgd", build,
         keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
         ["sparse_categorical_crossentropy", "mean_squared_error"], [1.0, 0.5],
         [["accuracy"], []], {"x": tokens}, ["head", "encoderBackward"], [labels, backward])


def read_outputs():
    """Outputs that other layers also read (Keras: a tensor in Model(outputs=...) that feeds further
    layers; its loss's gradient adds to what flows back from its readers): an LSTM's sequence
    (MSE weighted 0.5) read by a GRU, a softmax head (categorical cross-entropy, Keras from its
    logits) read by a linear Dense (MSE); Adam."""
    rng = np.random.default_rng(44)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    steps = np.tanh(np.cumsum(x[:, :, :2], axis=1) * 0.4).repeat(3, axis=-1)[:, :, :5].astype("float32")
    tags = np.eye(3, dtype="float32")[(x[:, :, 0].sum(axis=1) > 0).astype(int)
                                      + (x[:, -1, 1] > 0.5).astype(int)]
    score = (x[:, :, 2].mean(axis=1, keepdims=True) * 2).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        encoder = layers.LSTM(5, return_sequences=True, name="encoder")(inp)
        summary = layers.GRU(4, name="summary")(encoder)
        tags_out = layers.Dense(3, activation="softmax", name="tags")(summary)
        score_out = layers.Dense(1, name="score")(tags_out)
        return keras.Model(inp, [encoder, tags_out, score_out])

    case("read_outputs_adam", build, keras.optimizers.Adam(learning_rate=0.01),
         ["mean_squared_error", "categorical_crossentropy", "mean_squared_error"],
         [0.5, 1.0, 1.0], [["mae"], ["accuracy"], []],
         {"x": x}, ["encoder", "tags", "score"], [steps, tags, score])


def state_targets():
    """Final states as outputs with losses (Keras' seq, h, c = LSTM(return_state=True)(x) with
    Model(x, [head, h, c])): the loss's gradient enters BPTT at the last step. A Masking input
    (padding last, so the final states are those of the last real step), a per-timestep Dense
    head (MSE), h under MSE and c under MAE weighted 0.5; SGD with momentum."""
    rng = np.random.default_rng(45)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    for i in range(20):
        x[i, 5 - i % 3:] = 0  # padding last: 0, 1 or 2 steps
    head = np.tanh(np.cumsum(x, axis=1) * 0.5).astype("float32")
    h = np.tanh(x.sum(axis=1, keepdims=False)[:, :1] * [0.5, -0.3, 0.2, 0.1]).astype("float32")
    c = (x[:, :, 1].sum(axis=1, keepdims=True) * [0.3, 0.1, -0.2, 0.4]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        masked = layers.Masking(name="masking")(inp)
        seq, state_h, state_c = layers.LSTM(4, return_sequences=True, return_state=True,
                                            name="encoder")(masked)
        head_out = layers.Dense(2, activation="tanh", name="head")(seq)
        return keras.Model(inp, [head_out, state_h, state_c])

    case("state_targets_sgd", build, keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
         ["mean_squared_error", "mean_squared_error", "mean_absolute_error"], [1.0, 1.0, 0.5],
         None, {"x": x}, ["head", "encoderH", "encoderC"], [head, h, c])


def bidirectional_state_targets():
    """A Bidirectional GRU's final states as outputs beside its merged output's head (Keras'
    out, forward_h, backward_h = Bidirectional(GRU(return_state=True))(x)): the forward h under
    MSE, the backward h under MAE weighted 0.25; RMSprop."""
    rng = np.random.default_rng(46)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    out = np.tanh(x[:, :, 0].mean(axis=1, keepdims=True) * 2).astype("float32")
    forward_h = np.tanh(np.cumsum(x[:, :, :1], axis=1)[:, -1] * [0.5, -0.4, 0.3]).astype("float32")
    backward_h = np.tanh(x[:, 0, 1:] * [0.2, 0.6, -0.5]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        merged, fh, bh = layers.Bidirectional(layers.GRU(3, return_state=True), name="pair")(inp)
        head_out = layers.Dense(1, name="out")(merged)
        return keras.Model(inp, [head_out, fh, bh])

    case("bidirectional_state_targets_rmsprop", build,
         keras.optimizers.RMSprop(learning_rate=0.01),
         ["mean_squared_error", "mean_squared_error", "mean_absolute_error"], [1.0, 1.0, 0.25],
         None, {"x": x}, ["out", "pairForwardH", "pairBackwardH"], [out, forward_h, backward_h])


def rnn_stack_state_targets():
    """An RNN of stacked cells' final states as outputs beside its last output's head (Keras' out,
    [h0, c0], [h1] = RNN([LSTMCell(4), GRUCell(3)], return_state=True)(x)): h0 under MSE, c0 under
    MAE weighted 0.5, h1 under MSE weighted 0.25, each loss's gradient entering its cell's last
    step; Adam."""
    rng = np.random.default_rng(47)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    out = np.tanh(x[:, :, 0].mean(axis=1, keepdims=True) * 2).astype("float32")
    h0 = np.tanh(np.cumsum(x[:, :, :1], axis=1)[:, -1] * [0.5, -0.4, 0.3, 0.1]).astype("float32")
    c0 = (x[:, :, 1].sum(axis=1, keepdims=True) * [0.3, 0.1, -0.2, 0.4]).astype("float32")
    h1 = np.tanh(x[:, 0, 1:] * [0.2, 0.6, -0.5]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        last, *states = layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.GRUCell(3, name="gru_cell")],
                                   return_state=True, name="encoder")(inp)
        head_out = layers.Dense(1, name="out")(last)
        return keras.Model(inp, [head_out] + keras.tree.flatten(states))

    case("rnn_stack_state_targets_adam", build, keras.optimizers.Adam(learning_rate=0.01),
         ["mean_squared_error", "mean_squared_error", "mean_absolute_error", "mean_squared_error"],
         [1.0, 1.0, 0.5, 0.25], None, {"x": x}, ["out", "encoderH0", "encoderC0", "encoderH1"],
         [out, h0, c0, h1])


def rnn_stack_ragged_state_targets():
    """PyTorch's h_n and c_n of an RNN whose cells differ in width (RNN([LSTMCell(4),
    LSTMCell(3)], return_state=True)): rnnc's encoderHN, encoderCN hold per sample a row per cell,
    4 then 3 wide. Their loss is that of a (batch, cells, width) output, as for rows of one width:
    each row's loss, then the mean over batch and rows, which is the mean over the cells of each
    cell's state's loss. Keras has no ragged output, so its model names each cell's state as an
    output of its own (through an Identity, so that each logs its loss), weighted by the
    component's weight over the 2 rows: h_n under MSE (weight 1: 0.5 each), c_n under MAE
    (weight 0.5: 0.25 each), each row's loss gradient entering its own cell's last step. rnnc
    logs both under the layer's name, encoder_loss, the later component's (c_n): the mean of the
    two cells' c losses. Adam."""
    rng = np.random.default_rng(50)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    out = np.tanh(x[:, :, 0].mean(axis=1, keepdims=True) * 2).astype("float32")
    h0 = np.tanh(np.cumsum(x[:, :, :1], axis=1)[:, -1] * [0.5, -0.4, 0.3, 0.1]).astype("float32")
    c0 = (x[:, :, 1].sum(axis=1, keepdims=True) * [0.3, 0.1, -0.2, 0.4]).astype("float32")
    h1 = np.tanh(x[:, 0, 1:] * [0.2, 0.6, -0.5]).astype("float32")
    c1 = (x[:, -1, :1] * [-0.4, 0.5, 0.3]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        last, [sh0, sc0], [sh1, sc1] = layers.RNN(
            [layers.LSTMCell(4, name="lstm_cell"), layers.LSTMCell(3, name="lstm_cell_1")],
            return_state=True, name="encoder")(inp)
        head_out = layers.Dense(1, name="out")(last)
        rows = [layers.Identity(name=n)(t) for n, t in
                [("hn_0", sh0), ("hn_1", sh1), ("cn_0", sc0), ("cn_1", sc1)]]
        return keras.Model(inp, [head_out] + rows)

    def rewrite(record):
        y = record["y"]
        record["keras_y"] = y
        record["y"] = {"out": y["out"],
                       "encoderHN": [[a, b] for a, b in zip(y["hn_0"], y["hn_1"])],
                       "encoderCN": [[a, b] for a, b in zip(y["cn_0"], y["cn_1"])]}
        record["components"] = ["out", "encoderHN", "encoderCN"]
        for key in ("history", "evaluate"):
            logs = record[key]
            record["keras_" + key] = dict(logs)
            mean = (lambda a, b: [(u + v) / 2 for u, v in zip(a, b)]) if key == "history" else (
                lambda a, b: (a + b) / 2)
            record[key] = {"loss": logs["loss"], "out_loss": logs["out_loss"],
                           "encoder_loss": mean(logs["cn_0_loss"], logs["cn_1_loss"])}

    case("rnn_stack_ragged_state_targets_adam", build, keras.optimizers.Adam(learning_rate=0.01),
         ["mean_squared_error"] * 3 + ["mean_absolute_error"] * 2, [1.0, 0.5, 0.5, 0.25, 0.25],
         None, {"x": x}, ["out", "hn_0", "hn_1", "cn_0", "cn_1"], [out, h0, h1, c0, c1],
         rewrite=rewrite)


def bidirectional_stack_state_targets():
    """A Bidirectional RNN of stacked cells' final states as outputs (Keras' merged, forward h0,
    [forward h1, c1], backward h0, [backward h1, c1] = Bidirectional(RNN([GRUCell(3),
    LSTMCell(2)], return_state=True))(x)): the forward h0 under MSE, the backward c1 under MAE
    weighted 0.5; RMSprop."""
    rng = np.random.default_rng(48)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    out = np.tanh(x[:, :, 0].mean(axis=1, keepdims=True) * 2).astype("float32")
    forward_h0 = np.tanh(np.cumsum(x[:, :, :1], axis=1)[:, -1] * [0.5, -0.4, 0.3]).astype("float32")
    backward_c1 = (x[:, 0, 1:] * [0.6, -0.5]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        merged, *states = layers.Bidirectional(
            layers.RNN([layers.GRUCell(3, name="gru_cell"), layers.LSTMCell(2, name="lstm_cell")],
                       return_state=True), name="pair")(inp)
        flat = keras.tree.flatten(states)  # forward h0, h1, c1, backward h0, h1, c1
        head_out = layers.Dense(1, name="out")(merged)
        return keras.Model(inp, [head_out, flat[0], flat[5]])

    case("bidirectional_stack_state_targets_rmsprop", build,
         keras.optimizers.RMSprop(learning_rate=0.01),
         ["mean_squared_error", "mean_squared_error", "mean_absolute_error"], [1.0, 1.0, 0.5],
         None, {"x": x}, ["out", "pairForwardH0", "pairBackwardC1"], [out, forward_h0, backward_c1])


def custom_cell_state_targets():
    """A custom cell's final state as an output (Keras' seq, state = RNN(MinimalRNNCell(4),
    return_sequences=True, return_state=True)(x), the guide's cell), on a masked input (padding
    last, so the final state is the last real step's) beside a per-timestep tanh head: the head
    under MSE, the state under MAE weighted 0.5, its loss's gradient entering the cell's backward
    step at the last timestep; SGD with momentum."""
    rng = np.random.default_rng(49)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    for i in range(20):
        x[i, 5 - i % 3:] = 0  # padding last: 0, 1 or 2 steps
    head = np.tanh(np.cumsum(x, axis=1) * 0.5).astype("float32")
    state = (x.sum(axis=1)[:, :1] * [0.5, -0.3, 0.2, 0.1]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        masked = layers.Masking(name="masking")(inp)
        seq, final = layers.RNN(MinimalRNNCell(4), return_sequences=True, return_state=True,
                                name="encoder")(masked)
        head_out = layers.Dense(2, activation="tanh", name="head")(seq)
        return keras.Model(inp, [head_out, final])

    case("custom_cell_state_targets_sgd", build,
         keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
         ["mean_squared_error", "mean_absolute_error"], [1.0, 0.5],
         None, {"x": x}, ["head", "encoderState"], [head, state])


def custom_cell_stack_state_targets():
    """The final states of an RNN of a GRUCell and the guide's MinimalRNNCell, going backwards, as
    outputs beside its last output's head (Keras' out, [h0], [state1] = RNN([GRUCell(3),
    MinimalRNNCell(4)], go_backwards=True, return_state=True)(x)): the GRU's h0 under MSE, the
    custom cell's state under MSE weighted 0.5; Adam."""
    rng = np.random.default_rng(50)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    out = np.tanh(x[:, :, 0].mean(axis=1, keepdims=True) * 2).astype("float32")
    h0 = np.tanh(np.cumsum(x[:, :, :1], axis=1)[:, -1] * [0.5, -0.4, 0.3]).astype("float32")
    state1 = (x[:, 0, 1:] * [0.2, 0.6, -0.5, 0.3]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        last, *states = layers.RNN([layers.GRUCell(3, name="gru_cell"), MinimalRNNCell(4)],
                                   go_backwards=True, return_state=True, name="encoder")(inp)
        head_out = layers.Dense(1, name="out")(last)
        return keras.Model(inp, [head_out] + keras.tree.flatten(states))

    case("custom_cell_stack_state_targets_adam", build, keras.optimizers.Adam(learning_rate=0.01),
         ["mean_squared_error", "mean_squared_error", "mean_squared_error"], [1.0, 1.0, 0.5],
         None, {"x": x}, ["out", "encoderH0", "encoderState1"], [out, h0, state1])


def doubled_cell_state_targets():
    """A custom cell whose output (2·state) is not its state, its final state an output (Keras'
    seq, state = RNN(DoubledTanhCell(4), return_sequences=True, return_state=True)(x)) beside a
    per-timestep head: both under MSE, the state's loss's gradient entering the cell's backward
    step at the last timestep as the gradient of the state it wrote (as the output's it would
    count twice); SGD."""
    rng = np.random.default_rng(51)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    head = np.tanh(np.cumsum(x, axis=1) * 0.5).astype("float32")
    state = np.tanh(x.sum(axis=1)[:, :1] * [0.5, -0.3, 0.2, 0.1]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        seq, final = layers.RNN(DoubledTanhCell(4), return_sequences=True, return_state=True,
                                name="encoder")(inp)
        head_out = layers.Dense(2, name="head")(seq)
        return keras.Model(inp, [head_out, final])

    case("doubled_cell_state_targets_sgd", build, keras.optimizers.SGD(learning_rate=0.1),
         ["mean_squared_error", "mean_squared_error"], [1.0, 1.0],
         None, {"x": x}, ["head", "encoderState"], [head, state])

def multi_input_cell_state_targets():
    """A two-input custom cell whose output (2·state) is not its state, its final state an output
    beside a per-timestep head (Keras' seq, state = RNN(TwoInputDoubledTanhCell(4, 3),
    return_sequences=True, return_state=True)(Concatenate()([first, project(second)]))): the
    state's loss's gradient enters the cell's backward step at the last timestep as the gradient of
    the state it wrote, and both inputs' gradients go on (the first a model input's, nowhere; the
    second into the Dense projection that learns); SGD, MSE on the head, MAE weighted 0.5 on the
    state."""
    rng = np.random.default_rng(52)
    first = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    second = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    head = np.tanh(np.cumsum(first[:, :, :2] - second, axis=1) * 0.5).astype("float32")
    state = np.tanh((first[:, :, :1].sum(axis=1) + second[:, -1:, 1]) * [0.5, -0.3, 0.2, 0.1]
                    ).astype("float32")

    def build():
        first_input = keras.Input((5, 3), name="first")
        second_input = keras.Input((5, 2), name="second")
        project = layers.Dense(4, activation="tanh", name="project")(second_input)
        packed = layers.Concatenate(name="pack")([first_input, project])
        seq, final = layers.RNN(TwoInputDoubledTanhCell(4, 3), return_sequences=True,
                                return_state=True, name="pair")(packed)
        head_out = layers.Dense(2, name="head")(seq)
        return keras.Model([first_input, second_input], [head_out, final])

    case("multi_input_cell_state_targets_sgd", build, keras.optimizers.SGD(learning_rate=0.1),
         ["mean_squared_error", "mean_absolute_error"], [1.0, 0.5],
         None, {"first": first, "second": second}, ["head", "pairState"], [head, state])


def bidirectional_cell_state_targets():
    """Both directions' final states of a Bidirectional RNN of a custom cell whose output (2·state)
    is not its state, as outputs beside a per-timestep head (Keras' seq, forward_state,
    backward_state = Bidirectional(RNN(DoubledTanhCell(4), return_sequences=True,
    return_state=True))(x), the states after the forward one, as Bidirectional returns them): each
    state's loss's gradient enters its own direction's backward step at its last step (the backward
    direction's last step reads timestep 0) as the gradient of the state it wrote; the forward state
    under MSE, the backward one under MAE weighted 0.25, with targets of their own, so a swap shows;
    SGD with momentum."""
    rng = np.random.default_rng(53)
    x = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    head = np.tanh(np.cumsum(x, axis=1) * 0.5).astype("float32")
    forward_state = np.tanh(x.sum(axis=1)[:, :1] * [0.5, -0.3, 0.2, 0.1]).astype("float32")
    backward_state = np.tanh(x[:, 0, 1:] * [-0.6, 0.4, 0.1, -0.2]).astype("float32")

    def build():
        inp = keras.Input((5, 2), name="x")
        seq, fs, bs = layers.Bidirectional(
            layers.RNN(SerializableDoubledTanhCell(4), return_sequences=True, return_state=True),
            name="pair")(inp)
        head_out = layers.Dense(2, name="head")(seq)
        return keras.Model(inp, [head_out, fs, bs])

    case("bidirectional_cell_state_targets_sgd", build,
         keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
         ["mean_squared_error", "mean_squared_error", "mean_absolute_error"], [1.0, 1.0, 0.25],
         None, {"x": x}, ["head", "pairForwardState", "pairBackwardState"],
         [head, forward_state, backward_state])


def main():
    two_heads()
    directions()
    masked_head_and_direction()
    read_outputs()
    state_targets()
    bidirectional_state_targets()
    rnn_stack_state_targets()
    rnn_stack_ragged_state_targets()
    bidirectional_stack_state_targets()
    custom_cell_state_targets()
    custom_cell_stack_state_targets()
    doubled_cell_state_targets()
    multi_input_cell_state_targets()
    bidirectional_cell_state_targets()


if __name__ == "__main__":
    main()
