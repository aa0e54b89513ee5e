"""Keras 3.15 fixtures for initial states beyond one input and plain recurrent layers:

- initial states passed as call parameters on a model with several inputs (the Keras RNN guide's
  encoder-decoder whose encoder starts from h and c given with the call);
- @InitialState into @RNN layers: an LSTM encoder's (h, c) starting RNN([GRUCell, GRUCell]) (Keras
  matches states by position and shape), a stacked RNN([LSTMCell, LSTMCell]) with return_state
  starting another such stack (h0, c0, h1, c1), and RNN(MinimalRNNCell) with return_state starting
  a GRU and, through a GRU's h, another RNN(MinimalRNNCell);
- initial states passed as call parameters into a first layer that is an @RNN (a custom cell and a
  stack of built-in cells).

Each case is a functional keras.Model in real Keras 3.15.1 with weights drawn from a generator
seeded by the case name (N(0, 0.5^2)). Stacked cells are named as rnnc numbers them within a layer
(lstm_cell, lstm_cell_1, ...), so weights load by name. The states a call passes are model inputs
named as the Java parameters (h, c, state, h0, ...). Writes
examples/src/test/resources/fixtures/initial_states/<case>.weights.h5 and <case>.json, the format of
tools/goldens/keras_graphs.py ("inputs": the model's input names, "samples": per sample each input
and the output), read by examples/src/test/java/dev/rnnc/graphs/GraphFixture.java.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_initial_states_graphs_cells.py
"""
import json
import pathlib
import zlib

import numpy as np
import keras
from keras import layers, ops

OUT = pathlib.Path("examples/src/test/resources/fixtures/initial_states")


class MinimalRNNCell(keras.layers.Layer):
    """The Keras guide's custom cell (Java twin: examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java)."""

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


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def randomize(model, rng, scale=0.5):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, scale, w.shape).astype("float32") for w in weights])


def save(case, model, samples, batched=True):
    """samples: list of dicts {input name: one sample (np array)}."""
    OUT.mkdir(parents=True, exist_ok=True)
    names = [t.name for t in model.inputs]
    if batched:
        batch = [np.stack([s[n] for s in samples]) for n in names]
        outputs = model.predict(batch if len(batch) > 1 else batch[0], verbose=0)
        outputs = [outputs[b] for b in range(len(samples))]
    else:
        outputs = [model.predict([s[n][None] for n in names], verbose=0)[0] for s in samples]
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        "inputs": names,
        "layers": [[l.name, l.__class__.__name__] for l in model.layers],
        "samples": [{"inputs": {n: s[n].tolist() for n in names}, "output": np.asarray(o).tolist()}
                    for s, o in zip(samples, outputs)],
    }))
    print(case, [(n, samples[0][n].shape) for n in names], "->", np.asarray(outputs[0]).shape)


def floats(rng, *shape):
    return rng.normal(size=shape).astype("float32")


def tokens(rng, vocab, length):
    return rng.integers(1, vocab, size=length).astype("int32")


def seq2seq_call_states():
    """The guide's encoder-decoder; the encoder starts from h and c passed with the call."""
    case = "seq2seq_call_states"
    keras.backend.clear_session()
    rng = rng_for(case)
    encoder_input = layers.Input(shape=(None,), name="encoderTokens", dtype="int32")
    decoder_input = layers.Input(shape=(None,), name="decoderTokens", dtype="int32")
    h = layers.Input(shape=(16,), name="h")
    c = layers.Input(shape=(16,), name="c")
    encoder_embedded = layers.Embedding(input_dim=50, output_dim=8, name="encoderEmbedding")(encoder_input)
    _, state_h, state_c = layers.LSTM(16, return_state=True, name="encoder")(encoder_embedded, initial_state=[h, c])
    decoder_embedded = layers.Embedding(input_dim=60, output_dim=8, name="decoderEmbedding")(decoder_input)
    decoder_output = layers.LSTM(16, name="decoder")(decoder_embedded, initial_state=[state_h, state_c])
    output = layers.Dense(10, name="head")(decoder_output)
    model = keras.Model([encoder_input, decoder_input, h, c], output)
    randomize(model, rng)
    lengths = [(5, 3), (2, 7), (9, 1)]
    save(case, model, [{"encoderTokens": tokens(rng, 50, e), "decoderTokens": tokens(rng, 60, d),
                        "h": floats(rng, 16), "c": floats(rng, 16)} for e, d in lengths], batched=False)


def lstm_into_gru_stack():
    """An LSTM's (h, c) start RNN([GRUCell(4), GRUCell(4)]): by position, h into h0, c into h1."""
    case = "lstm_into_gru_stack"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    _, h, c = layers.LSTM(4, return_state=True, name="encoder")(x)
    seq = layers.RNN([layers.GRUCell(4, name="gru_cell"), layers.GRUCell(4, name="gru_cell_1")],
                     return_sequences=True, name="decoder")(x, initial_state=[h, c])
    out = layers.Dense(2, name="head")(seq)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def stack_into_stack():
    """RNN([LSTMCell(4), LSTMCell(5)], return_state) starts another such stack: h0, c0, h1, c1."""
    case = "stack_into_stack"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    # Keras 3 returns a stack's states nested per cell: [h0, c0], [h1, c1]
    _, states0, states1 = layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.LSTMCell(5, name="lstm_cell_1")],
                                     return_state=True, name="encoder")(x)
    last = layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.LSTMCell(5, name="lstm_cell_1")],
                      name="decoder")(x, initial_state=[states0, states1])
    out = layers.Dense(3, name="head")(last)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3)} for _ in range(3)])


def custom_cell_states():
    """RNN(MinimalRNNCell(6), return_state) starts a GRU(6), whose h starts RNN(MinimalRNNCell(6))."""
    case = "custom_cell_states"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((7, 3), name="x")
    seq, state = layers.RNN(MinimalRNNCell(6), return_sequences=True, return_state=True, name="encoder")(x)
    seq2, h = layers.GRU(6, return_sequences=True, return_state=True, name="middle")(seq, initial_state=[state])
    out = layers.RNN(MinimalRNNCell(6), name="decoder")(seq2, initial_state=[h])
    model = keras.Model(x, out)
    # MinimalRNNCell is linear: with N(0, 0.5) weights its recurrence grows (outputs up to ~30), and
    # float32 rounding alone (even rnnc's exact-tanh scalar path differs from Keras by 7.6e-6 there)
    # nears the absolute 1e-5 bound. Smaller weights keep the outputs O(1), as in a trained model.
    randomize(model, rng, scale=0.25)
    save(case, model, [{"x": floats(rng, 7, 3)} for _ in range(3)])


def call_states_custom_cell():
    """A call passes the state of a first layer RNN(MinimalRNNCell(6))."""
    case = "call_states_custom_cell"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    state = keras.Input((6,), name="state")
    seq = layers.RNN(MinimalRNNCell(6), return_sequences=True, name="custom")(x, initial_state=[state])
    out = layers.Dense(2, name="head")(seq)
    model = keras.Model([x, state], out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3), "state": floats(rng, 6)} for _ in range(3)])


def call_states_stack():
    """A call passes h0, c0, h1 of a first layer RNN([LSTMCell(3), GRUCell(4)])."""
    case = "call_states_stack"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((6, 2), name="x")
    h0 = keras.Input((3,), name="h0")
    c0 = keras.Input((3,), name="c0")
    h1 = keras.Input((4,), name="h1")
    last = layers.RNN([layers.LSTMCell(3, name="lstm_cell"), layers.GRUCell(4, name="gru_cell")],
                      name="stack")(x, initial_state=[[h0, c0], h1])
    out = layers.Dense(2, name="head")(last)
    model = keras.Model([x, h0, c0, h1], out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 2), "h0": floats(rng, 3), "c0": floats(rng, 3), "h1": floats(rng, 4)}
                       for _ in range(3)])


if __name__ == "__main__":
    seq2seq_call_states()
    lstm_into_gru_stack()
    stack_into_stack()
    custom_cell_states()
    call_states_custom_cell()
    call_states_stack()
