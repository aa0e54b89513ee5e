"""Keras 3.15 fixtures for masks passed at call time: model(x, mask=m), as Keras' own RNN tests
call their layers (layer(x, mask=m)), with no Masking layer and no sentinel value.

Every layer kind (LSTM, GRU, SimpleRNN with go_backwards and zero_output_for_mask, RNN over
stacked and custom cells), Bidirectional, stacks of recurrent layers, a functional graph with a
merge, and variable-length input. Each case is a Keras model named like its Java interface in
examples/src/test/java/dev/rnnc/callmasks/CallMaskModels.java, its layers named like the methods.

Each fixture (examples/src/test/resources/fixtures/callmasks/<case>.json, with <case>.weights.h5):
"input" (B, T, F) random everywhere, padding included (a mask must make it irrelevant); "mask"
(B, T) booleans: a full row, right padding, left padding, interior gaps, an empty row; "expected"
= model(input, mask=mask); "lengths" (B,) and "expected_lengths" = model(input, mask=t < length),
PyTorch-style lengths (padding after them). The variable-length case has "runs" of several T.
Each mask row is also checked against Keras run on that row alone (batch independence).

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_call_masks.py
"""
import inspect
import json
import pathlib
import sys
import zlib

import warnings

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_stacked_cells import MinimalRNNCell  # noqa: E402

OUT = pathlib.Path("examples/src/test/resources/fixtures/callmasks")
# Keras warns that the model itself returns no mask; its layers do receive it (checked below).
warnings.filterwarnings("ignore", message=".*does not support masking.*")


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def randomize(model, rng):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])


def masks(rng, batch, timesteps):
    """Row 0 full, 1 right-padded, 2 left-padded, 3 an empty row, then random gaps."""
    m = rng.random((batch, timesteps)) < 0.7
    m[0] = True
    m[1] = np.arange(timesteps) < timesteps - 2
    m[2] = np.arange(timesteps) >= 2
    m[3] = False
    return m


def lengths_of(rng, batch, timesteps):
    lengths = rng.integers(0, timesteps + 1, size=batch)
    lengths[0] = timesteps
    lengths[1] = 0
    return lengths


def predict(model, x, mask):
    return np.asarray(model(x, mask=mask))


def layer_by_layer(model, x, mask):
    """A Sequential model's layers called one by one with mask=, as Keras' layer tests call them."""
    h, m = x, mask
    for layer in model.layers:
        takes_mask = "mask" in inspect.signature(layer.call).parameters
        h, m = layer(h, mask=m) if takes_mask else layer(h), layer.compute_mask(h, m)
    return np.asarray(h)


def run(model, rng, batch, timesteps, features):
    x = rng.normal(0, 1.5, (batch, timesteps, features)).astype("float32")
    m = masks(rng, batch, timesteps)
    expected = predict(model, x, m)
    unmasked = np.asarray(model(x))
    assert not np.allclose(unmasked[1:4], expected[1:4], atol=1e-3), "the mask did not reach the layers"
    if isinstance(model, keras.Sequential):
        assert np.allclose(layer_by_layer(model, x, m), expected, atol=1e-6), "model vs layer calls"
    for b in range(batch):  # each row alone gives the same answer
        alone = predict(model, x[b:b + 1], m[b:b + 1])[0]
        assert np.allclose(alone, expected[b], atol=1e-6), "batch rows are not independent"
    lengths = lengths_of(rng, batch, timesteps)
    by_length = np.arange(timesteps)[None, :] < lengths[:, None]
    return {"input": x.tolist(), "mask": m.tolist(), "expected": expected.tolist(),
            "lengths": lengths.tolist(), "expected_lengths": predict(model, x, by_length).tolist()}


def save(case, model, record):
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case, "keras_version": keras.__version__,
        "layers": [[l.name, l.__class__.__name__] for l in model.layers], **record}))
    print(case, np.asarray(record.get("expected", [])).shape)


def sequential(name, timesteps, features, stack):
    keras.backend.clear_session()
    return keras.Sequential([keras.Input((timesteps, features))] + stack, name=name)


CASES = {
    # LSTM sequences into a Dense per timestep: the mask passes through Dense.
    "call_mask_lstm_seq": (6, 3, lambda: [layers.LSTM(4, return_sequences=True, name="lstm"),
                                          layers.Dense(2, name="head")]),
    # GRU's last output: the state at the last real step.
    "call_mask_gru_last": (7, 2, lambda: [layers.GRU(5, name="gru")]),
    # SimpleRNN backwards, zeros at masked steps.
    "call_mask_simple_rnn_backwards_zero": (6, 3, lambda: [
        layers.SimpleRNN(3, return_sequences=True, go_backwards=True, zero_output_for_mask=True, name="rnn")]),
    # Bidirectional LSTM sequences (concat) then Bidirectional GRU last output (sum).
    "call_mask_bidirectional": (5, 3, lambda: [
        layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="encoder"),
        layers.Bidirectional(layers.GRU(2), merge_mode="sum", name="summary")]),
    # Three recurrent layers stacked: the mask flows through the sequence outputs.
    "call_mask_stacked_layers": (6, 2, lambda: [
        layers.LSTM(4, return_sequences=True, name="first"),
        layers.GRU(3, return_sequences=True, name="second"),
        layers.SimpleRNN(2, name="third")]),
    # RNN over stacked built-in cells, then RNN over the guide's custom cell.
    "call_mask_rnn_cells": (6, 3, lambda: [
        layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_sequences=True, name="stack"),
        layers.RNN(MinimalRNNCell(3), name="custom")]),
}


def graph():
    """A functional graph: two branches over the input, concatenated, then a GRU."""
    case = "call_mask_graph"
    keras.backend.clear_session()
    x = keras.Input((6, 3), name="x")
    left = layers.LSTM(3, return_sequences=True, name="left")(x)
    right = layers.SimpleRNN(2, return_sequences=True, go_backwards=False, name="right")(x)
    joined = layers.Concatenate(name="joined")([left, right])
    out = layers.GRU(2, name="out")(joined)
    model = keras.Model(x, out, name="CallMaskGraph")
    rng = rng_for(case)
    randomize(model, rng)
    save(case, model, run(model, rng, 6, 6, 3))


def variable_length():
    """(None, 2) input, GRU last output: runs of several lengths, each with its masks."""
    case = "call_mask_variable"
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((None, 2)), layers.GRU(3, name="gru")], name="CallMaskVariable")
    rng = rng_for(case)
    randomize(model, rng)
    runs = [{"timesteps": t, **run(model, rng, 5, t, 2)} for t in (5, 2, 9)]
    save(case, model, {"runs": runs})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case, (timesteps, features, stack) in CASES.items():
        name = "".join(w.capitalize() for w in case.split("_"))
        model = sequential(name, timesteps, features, stack())
        rng = rng_for(case)
        randomize(model, rng)
        save(case, model, run(model, rng, 6, timesteps, features))
    graph()
    variable_length()


if __name__ == "__main__":
    main()
