"""Keras 3.15 model.summary() goldens for rnnc's ModelSummary (RnncModel.summary(model)).

Each case builds, in real Keras 3.15.1, the model a Java interface in
examples/src/test/java/dev/rnnc/summary/SummaryModels.java declares (the same model name, layer
names, sizes and wiring; the Forecaster is examples/src/main/.../Forecaster.java) and writes the
text Keras hands to print_fn, byte for byte, to
examples/src/test/resources/fixtures/summary/<case>.txt. SummaryTest compares rnnc's summary with
it exactly.

Chains are keras.Sequential models (as rnnc's saveKeras writes them: no InputLayer row); graphs are
functional keras.Model models, whose summary has Keras' InputLayer rows, named as the rnnc inputs.

Keras sizes the table by the terminal: min(88 or 108, columns - 4). COLUMNS is set to 200 here so
that the defaults (88 columns; 108 with "Connected to") apply, as in any terminal at least 112
wide; one case passes line_length=70 to exercise rich's narrower columns, wrapping and ellipsis.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_summary.py
"""
import os

os.environ["COLUMNS"] = "200"  # before rich and shutil read the terminal size

import pathlib

import keras
from keras import layers, ops

OUT = pathlib.Path("examples/src/test/resources/fixtures/summary")


class MinimalRNNCell(keras.layers.Layer):
    """The Keras guide's custom cell (dev.rnnc.cells.MinimalRnnCell in Java)."""

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
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]


def write(case, model, **kwargs):
    captured = []
    model.summary(print_fn=lambda text, line_break=True: captured.append(text), **kwargs)
    assert len(captured) == 1, captured
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{case}.txt").write_text(captured[0], encoding="utf-8")
    print(captured[0], end="")


def forecaster():
    """The README's Forecaster: a layer named summary (so RnncModel.summary(model) is the way)."""
    return keras.Sequential([
        keras.Input((30, 1)),
        layers.LSTM(64, return_sequences=True, name="encoder"),
        layers.Dropout(0.2, name="drop"),
        layers.LSTM(32, name="summary"),
        layers.Dense(16, activation="relu", name="hidden"),
        layers.Dense(1, name="head"),
    ], name="Forecaster")


def chain_lstm_gru_dense():
    """Any number of timesteps (None), and a GRU with reset_after=False (one bias row)."""
    return keras.Sequential([
        keras.Input((None, 8)),
        layers.LSTM(32, return_sequences=True, name="encoder"),
        layers.GRU(16, reset_after=False, name="decoder"),
        layers.Dense(4, activation="softmax", name="classes"),
    ], name="ChainLstmGruDense")


def embedding_classifier():
    """Embedding(1000, 64) -> LSTM(128) -> Dense(10): 164,106 parameters."""
    return keras.Sequential([
        keras.Input((None,), dtype="int32"),
        layers.Embedding(1000, 64, name="embedding"),
        layers.LSTM(128, name="encoder"),
        layers.Dense(10, name="logits"),
    ], name="EmbeddingClassifier")


def rnn_guide():
    """The Keras RNN guide's GRU(256) + SimpleRNN(128) model (GRU reset_after: two bias rows)."""
    return keras.Sequential([
        keras.Input((None,), dtype="int32"),
        layers.Embedding(input_dim=1000, output_dim=64, name="embedding"),
        layers.GRU(256, return_sequences=True, name="gru"),
        layers.SimpleRNN(128, name="simpleRnn"),
        layers.Dense(10, name="dense"),
    ], name="RnnGuide")


def bidirectional_guide():
    """The Keras RNN guide's Bidirectional model: both directions' weights in one row."""
    return keras.Sequential([
        keras.Input((5, 10)),
        layers.Bidirectional(layers.LSTM(64, return_sequences=True), name="encoder"),
        layers.Bidirectional(layers.LSTM(32), name="summarizer"),
        layers.Dense(10, name="head"),
    ], name="BidirectionalGuide")


def stacked_cells():
    """RNN(StackedRNNCells), a Bidirectional stack, a custom cell (its own variables), TimeDistributed."""
    return keras.Sequential([
        keras.Input((12, 4)),
        layers.RNN([layers.LSTMCell(8), layers.GRUCell(6), layers.SimpleRNNCell(5)], return_sequences=True,
                   name="stack"),
        layers.Bidirectional(layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], return_sequences=True),
                             name="both"),
        layers.RNN(MinimalRNNCell(7), return_sequences=True, name="custom"),
        layers.TimeDistributed(layers.Dense(3), name="head"),
    ], name="StackedCells")


def stateful_stream():
    """A stateful LSTM: Keras needs a fixed batch size (1), which the shapes show."""
    return keras.Sequential([
        keras.Input(batch_shape=(1, 4, 3)),
        layers.LSTM(8, stateful=True, name="state"),
        layers.Dense(1, name="head"),
    ], name="StatefulStream")


def named_chain():
    """A chain from a named input: a functional model Keras finds sequential-like (an input row,
    no "Connected to")."""
    x = keras.Input((30, 8), name="x")
    encoded = layers.LSTM(4, name="encoder")(x)
    return keras.Model(x, layers.Dense(3, name="head")(encoded), name="NamedChain")


def masked_graph():
    """A known difference: Keras lists its mask computations (NotEqual, Any) as rows."""
    x = keras.Input((5, 4), name="x")
    encoded = layers.LSTM(3, name="encoder")(layers.Masking(name="padding")(x))
    return keras.Model(x, encoded, name="MaskedGraph")


def two_inputs():
    """Two inputs, an Embedding on the tokens, a Concatenate: rows in Keras' depth order."""
    tokens = keras.Input((20,), dtype="int32", name="tokens")
    features = keras.Input((10, 3), name="features")
    embedded = layers.Embedding(500, 16, name="tokenEmbeddingLookup")(tokens)
    token_code = layers.LSTM(32, name="tokenEncoder")(embedded)
    feature_code = layers.GRU(16, name="featuresEncoder")(features)
    joined = layers.Concatenate(name="joined")([token_code, feature_code])
    head = layers.Dense(5, activation="softmax", name="head")(joined)
    return keras.Model([tokens, features], head, name="TwoInputs")


def siamese():
    """Keras' functional guide's shared LSTM: one row, both applications in Connected to."""
    left = keras.Input((5, 4), name="left")
    right = keras.Input((7, 4), name="right")
    encoder = layers.LSTM(6, name="encoder")
    joined = layers.Concatenate(name="joined")([encoder(left), encoder(right)])
    head = layers.Dense(1, activation="sigmoid", name="head")(joined)
    return keras.Model([left, right], head, name="Siamese")


def matcher():
    """A shared LSTM applied at two depths (Keras keeps the deeper), a skip connection, an Average.

    No mask: in a functional model Keras 3.15 adds its mask computations (NotEqual, Any, ...) as
    rows of their own, which rnnc does not list (see SummaryTest)."""
    left = keras.Input((5, 4), name="left")
    right = keras.Input((7, 4), name="right")
    project = layers.Dense(4, name="project")(left)
    features = layers.GRU(4, return_sequences=True, name="features")(project)
    joined = layers.Concatenate(name="joined")([project, features])
    encoder = layers.LSTM(6, name="encoder")
    encoded = encoder(joined)
    widen = layers.Dense(8, name="widen")(right)
    encoded_right = encoder(widen)
    mean = layers.Average(name="mean")([encoded, encoded_right])
    head = layers.Dense(1, activation="sigmoid", name="head")(mean)
    return keras.Model([left, right], head, name="Matcher")


def seq2seq():
    """return_state (a list of shapes) and initial states (tensors 1 and 2 of the encoder)."""
    source = keras.Input((None, 5), name="source")
    target = keras.Input((None, 4), name="target")
    _, h, c = layers.LSTM(16, return_state=True, name="encoder")(source)
    decoded = layers.LSTM(16, return_sequences=True, name="decoder")(target, initial_state=[h, c])
    head = layers.TimeDistributed(layers.Dense(4), name="head")(decoded)
    return keras.Model([source, target], head, name="Seq2Seq")


def two_outputs():
    """Bidirectional merge_mode=None (two outputs), read apart, and two model outputs."""
    x = keras.Input((6, 3), name="x")
    forward, backward = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None,
                                             name="encoder")(x)
    tags = layers.Dense(3, activation="softmax", name="tags")(forward)
    pooled = layers.GRU(2, name="pooled")(backward)
    score = layers.Dense(1, activation="sigmoid", name="score")(pooled)
    return keras.Model(x, [tags, score], name="TwoOutputs")


def main():
    write("forecaster", forecaster())
    write("chain_lstm_gru_dense", chain_lstm_gru_dense())
    write("embedding_classifier", embedding_classifier())
    write("rnn_guide", rnn_guide())
    write("bidirectional_guide", bidirectional_guide())
    write("stacked_cells", stacked_cells())
    write("stateful_stream", stateful_stream())
    write("named_chain", named_chain())
    write("masked_graph", masked_graph())
    write("two_inputs", two_inputs())
    write("two_inputs_70", two_inputs(), line_length=70)
    write("siamese", siamese())
    write("matcher", matcher())
    write("seq2seq", seq2seq())
    write("two_outputs", two_outputs())


if __name__ == "__main__":
    main()
