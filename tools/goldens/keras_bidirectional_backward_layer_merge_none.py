"""Keras 3.15 fixtures for the Bidirectional options beyond a plain merge: a backward_layer that
differs from the forward one (rnnc's @Bidirectional(backwardLayer = "...")) and merge_mode=None
(rnnc's @Forward / @Backward parameters naming one direction's output).

Each case is a functional keras.Model built in real Keras 3.15.1 with weights drawn from a
generator seeded by the case name (N(0, 0.5^2)); written as in keras_graphs.py:
examples/src/test/resources/fixtures/bidirectional/<case>.weights.h5 and <case>.json with
"inputs" and "samples" (one {"inputs": {name: value}, "output": ...} per sample; several
outputs as a list per sample). Layers are named as the Java methods that declare them.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_bidirectional_backward_layer_merge_none.py
"""
import pathlib
import sys

import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import keras_graphs  # noqa: E402  (shared helpers: seeded weights, fixture writer)
from keras_graphs import floats, randomize, rng_for  # noqa: E402

keras_graphs.OUT = pathlib.Path("examples/src/test/resources/fixtures/bidirectional")
save = keras_graphs.save


def backward_gru_concat():
    """Forward LSTM(6), backward GRU(6) (another class), concatenated per timestep."""
    case = "backward_gru_concat"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    seq = layers.Bidirectional(layers.LSTM(6, return_sequences=True),
                               backward_layer=layers.GRU(6, return_sequences=True, go_backwards=True),
                               name="encoder")(x)
    out = layers.Dense(2, name="head")(seq)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def backward_states():
    """return_state with differing directions of one state layout: merged output, forward h (GRU), backward h (SimpleRNN).

    (Keras infers a Bidirectional's output structure from the forward layer: a backward layer with
    other states or another output width breaks the functional model, so rnnc refuses those.)"""
    case = "backward_states"
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    outputs = layers.Bidirectional(layers.GRU(4, return_state=True),
                                   backward_layer=layers.SimpleRNN(4, activation="relu", return_state=True, go_backwards=True),
                                   name="encoder")(x)
    model = keras.Model(x, list(outputs))
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3)} for _ in range(3)])


def backward_masked_sum():
    """A mask through both directions; forward GRU(5), backward LSTM(5), summed; padded rows."""
    case = "backward_masked_sum"
    rng = rng_for(case)
    x = keras.Input((7, 2), name="x")
    masked = layers.Masking(0.0, name="padding")(x)
    seq = layers.Bidirectional(layers.GRU(5, return_sequences=True),
                               backward_layer=layers.LSTM(5, return_sequences=True, go_backwards=True),
                               merge_mode="sum", name="encoder")(masked)
    out = layers.Dense(3, name="head")(seq)
    model = keras.Model(x, out)
    randomize(model, rng)
    samples = [{"x": floats(rng, 7, 2)} for _ in range(3)]
    samples[0]["x"][5:] = 0.0   # right padding
    samples[1]["x"][:2] = 0.0   # left padding
    samples[2]["x"][3] = 0.0    # an interior gap
    save(case, model, samples)


def none_concat_reversed():
    """merge_mode=None: the two directions' sequences, consumed separately (backward first)."""
    case = "none_concat_reversed"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    fwd, bwd = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None, name="encoder")(x)
    tags = layers.Dense(3, name="tags")(fwd)
    joined = layers.Concatenate(name="joined")([bwd, tags])
    out = layers.Dense(2, name="head")(joined)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def none_masked_average():
    """merge_mode=None under a mask: each direction's sequence carries it; their Average and an LSTM after."""
    case = "none_masked_average"
    rng = rng_for(case)
    x = keras.Input((7, 2), name="x")
    masked = layers.Masking(0.0, name="padding")(x)
    fwd, bwd = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None, name="encoder")(masked)
    mean = layers.Average(name="mean")([fwd, bwd])
    out = layers.LSTM(2, name="summary")(mean)
    model = keras.Model(x, out)
    randomize(model, rng)
    samples = [{"x": floats(rng, 7, 2)} for _ in range(3)]
    samples[0]["x"][5:] = 0.0   # right padding
    samples[1]["x"][:2] = 0.0   # left padding
    samples[2]["x"][3] = 0.0    # an interior gap
    save(case, model, samples)


def none_vectors():
    """merge_mode=None without sequences: the last forward and backward outputs, multiplied."""
    case = "none_vectors"
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    fwd, bwd = layers.Bidirectional(layers.SimpleRNN(4), merge_mode=None, name="encoder")(x)
    product = layers.Multiply(name="product")([fwd, bwd])
    out = layers.Dense(1, name="head")(product)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3)} for _ in range(3)])


def none_model_output_seq():
    """merge_mode=None as the model's outputs, [forward, backward] sequences, under a mask."""
    case = "none_model_output_seq"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    masked = layers.Masking(0.0, name="padding")(x)
    fwd, bwd = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None, name="encoder")(masked)
    model = keras.Model(x, [fwd, bwd])
    randomize(model, rng)
    samples = [{"x": floats(rng, 6, 3)} for _ in range(3)]
    samples[0]["x"][4:] = 0.0   # right padding
    samples[1]["x"][:2] = 0.0   # left padding
    save(case, model, samples)


def none_model_output_last():
    """merge_mode=None as the model's outputs: the last forward and backward outputs."""
    case = "none_model_output_last"
    rng = rng_for(case)
    x = keras.Input((5, 2), name="x")
    fwd, bwd = layers.Bidirectional(layers.GRU(3), merge_mode=None, name="encoder")(x)
    model = keras.Model(x, [fwd, bwd])
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 2)} for _ in range(3)])


def none_model_output_forward():
    """merge_mode=None, the model's one output the forward sequence: keras.Model(x, fwd)."""
    case = "none_model_output_forward"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    fwd, _ = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None, name="encoder")(x)
    model = keras.Model(x, fwd)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def none_model_output_backward_last():
    """merge_mode=None, the model's one output the backward direction's last output."""
    case = "none_model_output_backward_last"
    rng = rng_for(case)
    x = keras.Input((5, 2), name="x")
    _, bwd = layers.Bidirectional(layers.GRU(3), merge_mode=None, name="encoder")(x)
    model = keras.Model(x, bwd)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 2)} for _ in range(3)])


def none_backward_beside_head():
    """A head on the forward sequence and the backward sequence itself: keras.Model(x, [tags, bwd])."""
    case = "none_backward_beside_head"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    fwd, bwd = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None, name="encoder")(x)
    tags = layers.Dense(2, name="tags")(fwd)
    model = keras.Model(x, [tags, bwd])
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def main():
    keras_graphs.OUT.mkdir(parents=True, exist_ok=True)
    backward_gru_concat()
    backward_states()
    backward_masked_sum()
    none_concat_reversed()
    none_masked_average()
    none_vectors()
    none_model_output_seq()
    none_model_output_last()
    none_model_output_forward()
    none_model_output_backward_last()
    none_backward_beside_head()


if __name__ == "__main__":
    if len(sys.argv) > 1:  # only the named cases, e.g. none_model_output_seq
        keras_graphs.OUT.mkdir(parents=True, exist_ok=True)
        for name in sys.argv[1:]:
            globals()[name]()
    else:
        main()
