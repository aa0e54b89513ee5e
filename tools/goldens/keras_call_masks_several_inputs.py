"""Keras 3.15 fixtures for masks passed at call time to a functional model with several inputs:
model([a, b], mask=[mask_a, mask_b]).

Keras' Functional.call flattens the list of masks and attaches each to its input tensor
(keras/src/models/functional.py: backend.set_keras_mask(x, mask) per input, None leaves that input
unmasked); each layer then reads the mask of the tensor it is called on (layers/layer.py, step 6),
so every branch sees its own input's mask, and a merge combines the masks of its inputs
(Concatenate.compute_mask: any over the inputs, an unmasked input counting as all true).

Cases (Keras models named like the Java interfaces in
examples/src/test/java/dev/rnnc/callmasks/SeveralInputsCallMaskModels.java, layers named like the
methods):
  call_masks_two_encoders: a (6, 3) -> LSTM(4) "left", b (5, 2) -> GRU(3) "right", Concatenate
      "joined", Dense(2) "head": each encoder's last output is that of its own input's last real
      step.
  call_masks_merged_sequences: a (6, 3) -> LSTM(3, return_sequences) "left", b (6, 2) ->
      SimpleRNN(2, return_sequences) "right", Concatenate "joined" (the masks' logical or), GRU(2)
      "out".

Each fixture (examples/src/test/resources/fixtures/callmasks/<case>.json, with <case>.weights.h5):
"a", "b" random everywhere, padding included; "mask_a", "mask_b" (B, T) booleans (full rows, right
and left padding, interior gaps, an empty row; different per input); "expected" = model([a, b],
mask=[mask_a, mask_b]); "lengths_a", "lengths_b" and "expected_lengths" = the same with masks
t < length; "expected_mask_a_only" = model([a, b], mask=[mask_a, None]); "expected_unmasked" =
model([a, b]). Each row is also
checked against Keras run on that row alone (batch independence), and the masks must change the
result.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_call_masks_several_inputs.py
"""
import json
import pathlib
import warnings
import zlib

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/fixtures/callmasks")
# Keras warns that the model itself returns no mask; its layers do receive it (checked below).
warnings.filterwarnings("ignore", message=".*does not support masking.*")
BATCH = 6


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def randomize(model, rng):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])


def masks(rng, timesteps, shift):
    """Row `shift % 4` full, then right-padded, left-padded, empty (rotated per input), the rest
    random gaps; so that the two inputs' masks differ row by row."""
    m = rng.random((BATCH, timesteps)) < 0.7
    kinds = [np.ones(timesteps, bool), np.arange(timesteps) < timesteps - 2,
             np.arange(timesteps) >= 2, np.zeros(timesteps, bool)]
    for row in range(4):
        m[row] = kinds[(row + shift) % 4]
    return m


def lengths_of(rng, timesteps):
    lengths = rng.integers(0, timesteps + 1, size=BATCH)
    lengths[0] = timesteps
    lengths[1] = 0
    return lengths


def call(model, a, b, mask_a, mask_b):
    return np.asarray(model([a, b], mask=[mask_a, mask_b]))


def record(model, rng, ta, fa, tb, fb):
    a = rng.normal(0, 1.5, (BATCH, ta, fa)).astype("float32")
    b = rng.normal(0, 1.5, (BATCH, tb, fb)).astype("float32")
    mask_a, mask_b = masks(rng, ta, 0), masks(rng, tb, 1)
    expected = call(model, a, b, mask_a, mask_b)
    unmasked = np.asarray(model([a, b]))
    a_only = call(model, a, b, mask_a, None)
    assert not np.allclose(unmasked[1:4], expected[1:4], atol=1e-3), "the masks did not reach"
    assert not np.allclose(a_only[1:4], expected[1:4], atol=1e-3), "mask_b did not reach"
    assert not np.allclose(a_only[1:4], unmasked[1:4], atol=1e-3), "mask_a did not reach"
    for row in range(BATCH):  # each row alone gives the same answer
        alone = call(model, a[row:row + 1], b[row:row + 1], mask_a[row:row + 1],
                     mask_b[row:row + 1])[0]
        assert np.allclose(alone, expected[row], atol=1e-6), "batch rows are not independent"
    lengths_a, lengths_b = lengths_of(rng, ta), lengths_of(rng, tb)
    by_a = np.arange(ta)[None, :] < lengths_a[:, None]
    by_b = np.arange(tb)[None, :] < lengths_b[:, None]
    return {"a": a.tolist(), "b": b.tolist(), "mask_a": mask_a.tolist(),
            "mask_b": mask_b.tolist(), "expected": expected.tolist(),
            "lengths_a": lengths_a.tolist(), "lengths_b": lengths_b.tolist(),
            "expected_lengths": call(model, a, b, by_a, by_b).tolist(),
            "expected_mask_a_only": a_only.tolist(), "expected_unmasked": unmasked.tolist()}


def save(case, model, rec):
    OUT.mkdir(parents=True, exist_ok=True)
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case, "keras_version": keras.__version__,
        "layers": [[l.name, l.__class__.__name__] for l in model.layers], **rec}))
    print(case, np.asarray(rec["expected"]).shape)


def two_encoders():
    case = "call_masks_two_encoders"
    keras.backend.clear_session()
    a = keras.Input((6, 3), name="a")
    b = keras.Input((5, 2), name="b")
    left = layers.LSTM(4, name="left")(a)
    right = layers.GRU(3, name="right")(b)
    joined = layers.Concatenate(name="joined")([left, right])
    head = layers.Dense(2, name="head")(joined)
    model = keras.Model([a, b], head, name="TwoEncoders")
    rng = rng_for(case)
    randomize(model, rng)
    save(case, model, record(model, rng, 6, 3, 5, 2))


def merged_sequences():
    case = "call_masks_merged_sequences"
    keras.backend.clear_session()
    a = keras.Input((6, 3), name="a")
    b = keras.Input((6, 2), name="b")
    left = layers.LSTM(3, return_sequences=True, name="left")(a)
    right = layers.SimpleRNN(2, return_sequences=True, name="right")(b)
    joined = layers.Concatenate(name="joined")([left, right])
    out = layers.GRU(2, name="out")(joined)
    model = keras.Model([a, b], out, name="MergedSequences")
    rng = rng_for(case)
    randomize(model, rng)
    save(case, model, record(model, rng, 6, 3, 6, 2))


if __name__ == "__main__":
    two_encoders()
    merged_sequences()
