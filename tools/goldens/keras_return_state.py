"""Keras 3.15 fixtures for return_state (rnnc's returnState: on the last layer, or on an earlier
layer whose states leave the model beside the head's output) and initial_state (rnnc call methods
that pass the first recurrent layer's initial states).

For each case writes examples/src/test/resources/fixtures/<case>.weights.h5 and <case>.json with
"input" (B, T, F), "outputs": the list Keras' model returns — the layer output, then the final
states (LSTM h, c; GRU/SimpleRNN h; Bidirectional forward states, then backward ones) — and, for
the initial-state cases, "initial_states": one (B, width) array per state in the same order.

Run from the repository root:  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_return_state.py
(optionally followed by case names: only those are written).
"""
import json
import pathlib
import sys

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/fixtures")
ONLY = set(sys.argv[1:])


def randomize(model, rng):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])


def save(case, model, x, rng, initial_states=()):
    randomize(model, rng)
    if ONLY and case not in ONLY:
        return
    outputs = model.predict([x, *initial_states] if initial_states else x, verbose=0)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        # several model inputs: one array per input
        "input": [a.tolist() for a in x] if isinstance(x, list) else x.tolist(),
        "outputs": [np.asarray(o).tolist() for o in outputs],
        "initial_states": [s.tolist() for s in initial_states],
    }))
    print(case, [np.asarray(o).shape for o in outputs])


def main():
    rng = np.random.default_rng(2026)

    inp = keras.Input((7, 3))
    o, h, c = layers.LSTM(5, return_state=True, name="encoder")(inp)
    save("state_lstm", keras.Model(inp, [o, h, c]), rng.normal(size=(3, 7, 3)).astype("float32"), rng)

    inp = keras.Input((6, 2))
    seq, h = layers.GRU(4, return_sequences=True, return_state=True, name="encoder")(inp)
    save("state_gru_seq", keras.Model(inp, [seq, h]), rng.normal(size=(3, 6, 2)).astype("float32"), rng)

    inp = keras.Input((5, 3))
    merged, hf, cf, hb, cb = layers.Bidirectional(layers.LSTM(3, return_state=True), name="encoder")(inp)
    save("state_bidi_lstm", keras.Model(inp, [merged, hf, cf, hb, cb]), rng.normal(size=(3, 5, 3)).astype("float32"), rng)

    inp = keras.Input((8, 2))
    masked = layers.Masking(0.0, name="padding")(inp)
    o, h, c = layers.LSTM(4, return_state=True, zero_output_for_mask=True, name="encoder")(masked)
    x = rng.normal(size=(3, 8, 2)).astype("float32")
    x[0, 5:] = 0.0   # right padding: output 0 (zero_output_for_mask), states from step 4
    x[1, :3] = 0.0   # left padding
    save("state_masked_lstm", keras.Model(inp, [o, h, c]), x, rng)

    inp = keras.Input((6, 3))
    seq = layers.LSTM(6, return_sequences=True, name="first")(inp)
    o, h = layers.SimpleRNN(3, return_state=True, name="second")(seq)
    save("state_stacked", keras.Model(inp, [o, h]), rng.normal(size=(3, 6, 3)).astype("float32"), rng)

    # initial_state: the first recurrent layer starts from given states.
    inp, h0, c0 = keras.Input((6, 3)), keras.Input((5,)), keras.Input((5,))
    seq = layers.LSTM(5, return_sequences=True, name="decoder")(inp, initial_state=[h0, c0])
    out = layers.Dense(4, activation="softmax", name="head")(seq)
    states = [rng.normal(size=(3, 5)).astype("float32") for _ in range(2)]
    save("initial_lstm", keras.Model([inp, h0, c0], out), rng.normal(size=(3, 6, 3)).astype("float32"), rng, states)

    inp, h0 = keras.Input((5, 2)), keras.Input((4,))
    o, h = layers.GRU(4, return_state=True, name="decoder")(inp, initial_state=[h0])
    states = [rng.normal(size=(3, 4)).astype("float32")]
    save("initial_gru_state", keras.Model([inp, h0], [o, h]), rng.normal(size=(3, 5, 2)).astype("float32"), rng, states)

    # Keras 3.15 drops the automatic mask of a layer called with initial_state in a functional
    # model (the masked model then equals the unmasked one); rnnc keeps the mask, which is what
    # Keras computes when the mask is passed explicitly, as here.
    inp, h0, c0 = keras.Input((7, 2)), keras.Input((3,)), keras.Input((3,))
    masked = layers.Masking(0.0, name="padding")(inp)
    mask = keras.ops.any(keras.ops.not_equal(inp, 0.0), axis=-1)
    seq = layers.LSTM(3, return_sequences=True, name="decoder")(masked, initial_state=[h0, c0], mask=mask)
    x = rng.normal(size=(3, 7, 2)).astype("float32")
    x[0, :2] = 0.0   # left padding: outputs 0 there, the states stay the initial ones
    x[1, 5:] = 0.0   # right padding
    states = [rng.normal(size=(3, 3)).astype("float32") for _ in range(2)]
    save("initial_masked_lstm", keras.Model([inp, h0, c0], seq), x, rng, states)

    inp = keras.Input((4, 3))
    bi_states = [keras.Input((3,)) for _ in range(4)]
    merged = layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="encoder")(inp, initial_state=bi_states)
    states = [rng.normal(size=(3, 3)).astype("float32") for _ in range(4)]
    save("initial_bidi_lstm", keras.Model([inp, *bi_states], merged), rng.normal(size=(3, 4, 3)).astype("float32"), rng, states)

    # return_state on a layer before the last: its states are model outputs beside the head's.
    rng = np.random.default_rng(2027)  # its own stream, so the cases above stay as they were
    inp = keras.Input((6, 3))
    seq, h, c = layers.LSTM(5, return_sequences=True, return_state=True, name="encoder")(inp)
    head = layers.Dense(2, name="head")(seq)
    save("state_middle_lstm", keras.Model(inp, [head, h, c]), rng.normal(size=(3, 6, 3)).astype("float32"), rng)

    inp = keras.Input((5, 2))
    merged, hf, hb = layers.Bidirectional(layers.GRU(3, return_state=True), name="encoder")(inp)
    head = layers.Dense(2, activation="tanh", name="head")(merged)
    save("state_middle_bidi_gru", keras.Model(inp, [head, hf, hb]), rng.normal(size=(3, 5, 2)).astype("float32"), rng)

    # seq2seq: the decoder's final states leave the model beside the head's output, as an
    # inference decoder returns them to be fed back for the next step.
    enc_in, dec_in = keras.Input((6, 3), name="x"), keras.Input((4, 2), name="y")
    _, eh, ec = layers.LSTM(5, return_state=True, name="encoder")(enc_in)
    dseq, dh, dc = layers.LSTM(5, return_sequences=True, return_state=True, name="decoder")(
        dec_in, initial_state=[eh, ec])
    head = layers.Dense(3, activation="softmax", name="head")(dseq)
    xs = rng.normal(size=(3, 6, 3)).astype("float32")
    ys = rng.normal(size=(3, 4, 2)).astype("float32")
    save("state_middle_seq2seq", keras.Model([enc_in, dec_in], [head, dh, dc]), [xs, ys], rng)


if __name__ == "__main__":
    main()
