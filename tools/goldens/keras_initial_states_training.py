"""Keras 3.15 training trajectories of graphs whose @InitialState links reach beyond plain recurrent
layers and same-kind Bidirectional layers: states into and out of RNN layers of stacked built-in
cells (Keras matches initial states by position and shape, so an LSTM's (h, c) start two GRU
cells), Bidirectional layers with a backward_layer of another kind, a Bidirectional layer's
states starting a stack, whose states start a Bidirectional layer, and a Bidirectional stack's
states starting another (Keras gives a Bidirectional layer the first half of its initial states
forwards, the second half backwards). The gradient of
every initial state flows back into the final step of the layer that produced it.

Same record format and weight draw as keras_graph_training_parity.py (whose `case` this uses);
stacked cells are named as rnnc numbers them within a layer (gru_cell, gru_cell_1, ...). The Java
models are dev.rnnc.training.InitialStateTrainingModels.

Run from the repository root (TensorFlow backend, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_initial_states_training.py
"""
import numpy as np
import keras
from keras import layers

from keras_graph_training_parity import case


def flat(states):
    return keras.tree.flatten(states)


def lstm_into_gru_stack():
    """An LSTM's (h, c) start RNN([GRUCell(4), GRUCell(4)]): h into the first cell, c into the
    second; the encoder's output is read by no layer, only its states; Adam, MSE per timestep."""
    rng = np.random.default_rng(31)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = np.stack([np.cumsum(x[:, :, 0], axis=1) * 0.3, x[:, :, 1] * x[:, :, 2]],
                 axis=-1).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        _, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
        seq = layers.RNN([layers.GRUCell(4, name="gru_cell"), layers.GRUCell(4, name="gru_cell_1")],
                         return_sequences=True, name="decoder")(inp, initial_state=[h, c])
        return keras.Model(inp, layers.Dense(2, name="head")(seq))

    case("lstm_into_gru_stack_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"x": x}, y)


def stack_into_stack():
    """RNN([LSTMCell(4), LSTMCell(5)], return_state) under a Masking layer (padding first, last
    and nowhere) starts another such stack going backwards: h0, c0, h1, c1; SGD, MSE.

    The second stack reads the unmasked input: Keras 3.15 hands a layer called with initial_state
    tensors no mask at all (Layer.__call__ fills `mask` only when the call has a single tensor
    argument), so a masked input there would run unmasked in Keras."""
    rng = np.random.default_rng(32)
    x = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    for i in range(20):
        if i % 3 == 0:
            x[i, :i % 2 + 1] = 0
        elif i % 3 == 1:
            x[i, 5 - (i % 2 + 1):] = 0
    y = np.stack([x[:, :, 0].sum(axis=1) * 0.3, x[:, 2, 1]], axis=-1).astype("float32")

    def build():
        inp = keras.Input((5, 3), name="x")
        masked = layers.Masking(0.0, name="padding")(inp)
        _, *states = layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.LSTMCell(5, name="lstm_cell_1")],
                                return_state=True, name="encoder")(masked)
        last = layers.RNN([layers.LSTMCell(4, name="lstm_cell"), layers.LSTMCell(5, name="lstm_cell_1")],
                          go_backwards=True, name="decoder")(inp, initial_state=states)
        return keras.Model(inp, layers.Dense(2, name="head")(last))

    case("stack_into_stack_masked_sgd_mse", build, keras.optimizers.SGD(learning_rate=0.1),
         "mean_squared_error", ["mae"], {"x": x}, y)


def backward_layers():
    """Bidirectional(GRU, backward_layer=SimpleRNN) returning its sequence and states (forward h,
    backward h) starts Bidirectional(SimpleRNN, backward_layer=GRU) over that sequence; RMSprop,
    MSE."""
    rng = np.random.default_rng(33)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = (x[:, -2:, 0].mean(axis=1, keepdims=True) - 0.5 * x[:, 0, 1:2]).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        seq, fh, bh = layers.Bidirectional(
            layers.GRU(4, return_sequences=True, return_state=True),
            backward_layer=layers.SimpleRNN(4, return_sequences=True, return_state=True, go_backwards=True),
            name="encoder")(inp)
        decoded = layers.Bidirectional(
            layers.SimpleRNN(4), backward_layer=layers.GRU(4, go_backwards=True),
            name="decoder")(seq, initial_state=[fh, bh])
        return keras.Model(inp, layers.Dense(1, name="head")(decoded))

    case("bidirectional_backward_layers_states_rmsprop_mse", build,
         keras.optimizers.RMSprop(learning_rate=0.01), "mean_squared_error", ["mae"], {"x": x}, y)


def bidirectional_and_stack():
    """Bidirectional(GRU)'s (forward h, backward h) start RNN([GRUCell, GRUCell]) returning its
    sequence and states, whose (h0, h1) start a Bidirectional(GRU) over that sequence (h0 forwards,
    h1 backwards); Adam, MSE."""
    rng = np.random.default_rng(34)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = np.stack([x[:, :, 0].mean(axis=1), x[:, -1, 1] - x[:, 0, 2]], axis=-1).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        _, fh, bh = layers.Bidirectional(layers.GRU(4, return_state=True), name="encoder")(inp)
        seq, *states = layers.RNN([layers.GRUCell(4, name="gru_cell"), layers.GRUCell(4, name="gru_cell_1")],
                                  return_sequences=True, return_state=True, name="middle")(
            inp, initial_state=[fh, bh])
        decoded = layers.Bidirectional(layers.GRU(4), name="decoder")(seq, initial_state=flat(states))
        return keras.Model(inp, layers.Dense(2, name="head")(decoded))

    case("bidirectional_and_stack_states_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"x": x}, y)


def bidirectional_stacks():
    """Bidirectional(RNN([LSTMCell(3), GRUCell(4)])) returning its sequence and states (forward
    [h0, c0], [h1], backward [h0, c0], [h1]) starts another such Bidirectional stack over that
    sequence (the first half of the states forwards, the second backwards), merged by sum, its
    sequence read per timestep; Adam, MSE."""
    rng = np.random.default_rng(35)
    x = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    y = np.stack([np.cumsum(x[:, :, 0], axis=1) * 0.3, x[:, :, 1] - x[:, ::-1, 2]],
                 axis=-1).astype("float32")

    def stack(**options):
        return layers.RNN([layers.LSTMCell(3, name="lstm_cell"), layers.GRUCell(4, name="gru_cell")],
                          return_sequences=True, **options)

    def build():
        inp = keras.Input((5, 3), name="x")
        seq, *states = layers.Bidirectional(stack(return_state=True), name="encoder")(inp)
        decoded = layers.Bidirectional(stack(), merge_mode="sum", name="decoder")(seq, initial_state=states)
        return keras.Model(inp, layers.Dense(2, name="head")(decoded))

    case("bidirectional_stacks_states_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"x": x}, y)


def main():
    lstm_into_gru_stack()
    stack_into_stack()
    backward_layers()
    bidirectional_and_stack()
    bidirectional_stacks()


if __name__ == "__main__":
    main()
