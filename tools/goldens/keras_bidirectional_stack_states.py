"""Keras 3.15 fixtures for initial states into and out of Bidirectional(RNN(StackedRNNCells)):

- bidi_stack_into_bidi_stack: Bidirectional(RNN([LSTMCell(4), GRUCell(3)]), return_state) returns
  its sequence and its states, which start another such Bidirectional stack (merge_mode "sum",
  sequences, so the first steps show the states);
- bidi_lstm_into_bidi_stack: Bidirectional(LSTM(4), return_state)'s (forward h, c, backward h, c)
  start Bidirectional(RNN([GRUCell(4), GRUCell(4)]), return_sequences): by position, forward h and
  c into the forward cells, backward h and c into the backward cells;
- bidi_stack_into_bidi_lstm: Bidirectional(RNN([GRUCell(5), SimpleRNNCell(5)]), return_state)'s
  states start Bidirectional(LSTM(5)): forward h0 and h1 become the forward LSTM's h and c.

Keras' state order (keras/src/layers/rnn/bidirectional.py, stacked_rnn_cells.py): a Bidirectional
layer returns the forward layer's states, then the backward layer's, and gives the first half of
its initial_state to the forward layer, the second half to the backward one; a stacked cell's state
is the list of each cell's states, cell after cell (LSTMCell h, c). The states are passed flattened
per direction, nested per cell as Keras returns them.

Each case is a functional keras.Model in real Keras 3.15.1 with weights drawn from a generator
seeded by the case name (N(0, 0.5^2)); stacked cells are named as rnnc numbers them within a layer
(lstm_cell, gru_cell, gru_cell_1, ...), so weights load by name. The script fails unless the states
matter: the same layers with the decoder started from zeros must give outputs that differ from the
fixture's by more than 1e-2 for every sample.

Writes examples/src/test/resources/fixtures/initial_states/<case>.weights.h5 and <case>.json in the
format of tools/goldens/keras_initial_states_graphs_cells.py (read by
examples/src/test/java/dev/rnnc/graphs/GraphFixture.java); the Java models are
dev.rnnc.graphs.BidirectionalStackStateModels.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_bidirectional_stack_states.py
"""
import sys
import pathlib

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_initial_states_graphs_cells import rng_for, randomize, save, floats  # noqa: E402


def check_states_matter(model, twin, samples):
    """Fails unless `twin` (the decoder started from zeros) differs from `model` on every sample."""
    batch = np.stack([s["x"] for s in samples])
    with_states = model.predict(batch, verbose=0)
    zeros = twin.predict(batch, verbose=0)
    differences = np.abs(with_states - zeros).reshape(len(samples), -1).max(axis=1)
    print("  max |with states - zero states| per sample:", differences)
    if differences.min() <= 1e-2:
        raise SystemExit("the initial states do not change the output enough to test them")


def bidi_stack_into_bidi_stack():
    case = "bidi_stack_into_bidi_stack"
    keras.backend.clear_session()
    rng = rng_for(case)

    def stack():
        return layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.GRUCell(3, name="gru_cell")],
                          return_sequences=True, return_state=True)

    x = keras.Input((6, 3), name="x")
    seq, *states = layers.Bidirectional(stack(), name="encoder")(x)
    # forward [h0, c0], [h1], backward [h0, c0], [h1]
    decoder = layers.Bidirectional(
        layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.GRUCell(3, name="gru_cell")],
                   return_sequences=True), merge_mode="sum", name="decoder")
    head = layers.Dense(2, name="head")
    model = keras.Model(x, head(decoder(seq, initial_state=states)))
    twin = keras.Model(x, head(decoder(seq)))
    randomize(model, rng)
    samples = [{"x": floats(rng, 6, 3)} for _ in range(3)]
    check_states_matter(model, twin, samples)
    save(case, model, samples)


def bidi_lstm_into_bidi_stack():
    case = "bidi_lstm_into_bidi_stack"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    _, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(4, return_state=True), name="encoder")(x)
    decoder = layers.Bidirectional(
        layers.RNN([layers.GRUCell(4, name="gru_cell"), layers.GRUCell(4, name="gru_cell_1")],
                   return_sequences=True), merge_mode="concat", name="decoder")
    head = layers.Dense(2, name="head")
    model = keras.Model(x, head(decoder(x, initial_state=[fh, fc, bh, bc])))
    twin = keras.Model(x, head(decoder(x)))
    randomize(model, rng)
    samples = [{"x": floats(rng, 5, 3)} for _ in range(3)]
    check_states_matter(model, twin, samples)
    save(case, model, samples)


def bidi_stack_into_bidi_lstm():
    case = "bidi_stack_into_bidi_lstm"
    keras.backend.clear_session()
    rng = rng_for(case)
    x = keras.Input((6, 2), name="x")
    _, *states = layers.Bidirectional(
        layers.RNN([layers.GRUCell(5, name="gru_cell"), layers.SimpleRNNCell(5, name="simple_rnn_cell")],
                   return_state=True), merge_mode="ave", name="encoder")(x)
    decoder = layers.Bidirectional(layers.LSTM(5), name="decoder")
    head = layers.Dense(3, name="head")
    # a stacked cell returns each cell's states as a list: the LSTM takes the flat tensors
    flat = keras.tree.flatten(states)
    model = keras.Model(x, head(decoder(x, initial_state=flat)))
    twin = keras.Model(x, head(decoder(x)))
    randomize(model, rng)
    samples = [{"x": floats(rng, 6, 2)} for _ in range(3)]
    check_states_matter(model, twin, samples)
    save(case, model, samples)


if __name__ == "__main__":
    bidi_stack_into_bidi_stack()
    bidi_lstm_into_bidi_stack()
    bidi_stack_into_bidi_lstm()
