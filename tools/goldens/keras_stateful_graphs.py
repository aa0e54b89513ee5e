"""Keras 3.15 fixtures for stateful graph models: functional models with several inputs whose
recurrent layers carry their states from one call to the next.

Each case builds a functional keras.Model with batch size 1 (Keras' stateful layers need a fixed
batch), draws its weights as keras_graphs.py does (N(0, 0.5^2), seeded by the case name), and runs
one stream of consecutive calls: "samples" in order, each {"inputs", "output", "reset_before"};
every stateful layer's reset_states() runs before a sample whose reset_before is true. The last sample repeats the
first one's inputs after a reset, so Keras' own output must repeat too. Files:
examples/src/test/resources/fixtures/graphs/<case>.weights.h5 and <case>.json.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_stateful_graphs.py
"""
import json

import numpy as np
import keras
from keras import layers

from keras_graphs import OUT, floats, randomize, rng_for


def stream(case, model, calls):
    """calls: list of (reset_before, {input name: one sample}) run one by one on the stateful model."""
    names = [t.name for t in model.inputs]
    samples = []
    for reset, inputs in calls:
        if reset:  # Keras 3 models have no reset_states(); each stateful layer resets its own
            for layer in model.layers:
                if getattr(layer, "stateful", False):
                    layer.reset_states()
        batch = [inputs[n][None] for n in names]
        output = model.predict(batch if len(batch) > 1 else batch[0], verbose=0)[0]
        samples.append({"inputs": {n: inputs[n].tolist() for n in names}, "output": np.asarray(output).tolist(),
                        "reset_before": reset})
    assert np.allclose(samples[0]["output"], samples[-1]["output"], atol=1e-6), "the replay after reset must repeat"
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        "inputs": names,
        "layers": [[l.name, l.__class__.__name__] for l in model.layers],
        "samples": samples,
    }))


def calls(rng, shapes, count):
    """count calls on inputs of the given shapes, then a reset and a replay of the first call."""
    first = {name: floats(rng, *shape) for name, shape in shapes.items()}
    rest = [(False, {name: floats(rng, *shape) for name, shape in shapes.items()}) for _ in range(count - 1)]
    return [(False, first)] + rest + [(True, first)]


def stateful_two_branches():
    """Two inputs, a stateful GRU and a stateful LSTM, merged: both states carry over."""
    case = "stateful_two_branches"
    rng = rng_for(case)
    a = keras.Input(batch_shape=(1, 4, 3), name="a")
    b = keras.Input(batch_shape=(1, 6, 2), name="b")
    encoder = layers.GRU(3, stateful=True, name="encoder")(a)
    other = layers.LSTM(4, stateful=True, name="other")(b)
    joined = layers.Concatenate(name="joined")([encoder, other])
    head = layers.Dense(2, name="head")(joined)
    model = keras.Model([a, b], head)
    randomize(model, rng)
    stream(case, model, calls(rng, {"a": (4, 3), "b": (6, 2)}, 4))


def stateful_decoder_with_initial_state():
    """A stateful decoder started by an encoder's final states: the states passed on every call
    replace the carried ones (Keras 3's RNN uses initial_state whenever it is given)."""
    case = "stateful_decoder_initial_state"
    rng = rng_for(case)
    a = keras.Input(batch_shape=(1, 5, 3), name="a")
    b = keras.Input(batch_shape=(1, 4, 3), name="b")
    _, h, c = layers.LSTM(3, return_state=True, name="encoder")(a)
    decoder = layers.LSTM(3, stateful=True, return_sequences=True, name="decoder")(b, initial_state=[h, c])
    tail = layers.GRU(2, stateful=True, name="tail")(decoder)
    model = keras.Model([a, b], tail)
    randomize(model, rng)
    stream(case, model, calls(rng, {"a": (5, 3), "b": (4, 3)}, 3))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    stateful_two_branches()
    stateful_decoder_with_initial_state()


if __name__ == "__main__":
    main()
