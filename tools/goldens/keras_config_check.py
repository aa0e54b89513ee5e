"""A real Keras 3.15 .keras archive for the loader's config check (issue 14: a file's config must
match the options the interface declares).

sentiment.keras: token ids (any length, 0 = padding) -> Embedding(30, 8, mask_zero=True) ->
LSTM(6) -> Dense(1, sigmoid), saved with model.save. Weights are drawn from a generator seeded by
the case name (N(0, 0.5^2), not Keras' initializers, so zero biases cannot hide bugs).
sentiment.json holds "input" (padded token ids, some rows ending in 0s) and "expected"
(model.predict on the batch, the padding masked as Keras masks it), plus the Keras version and
backend. The Java test loads the archive into an interface declared as the file says (it must
reproduce "expected") and into one declared with mask_zero, go_backwards and the head's
activation changed (the load must be refused, listing all three).

Run from the repository root (any Keras 3.15.1 backend; the config and weights do not depend on it):
    KERAS_BACKEND=jax .venv/bin/python tools/goldens/keras_config_check.py
"""
import json
import pathlib
import zlib

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/interop/keras/config")


def main():
    case = "sentiment"
    rng = np.random.default_rng(zlib.crc32(case.encode()))
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32", name="tokens"),
        layers.Embedding(30, 8, mask_zero=True, name="embed"),
        layers.LSTM(6, name="encoder"),
        layers.Dense(1, activation="sigmoid", name="sentiment"),
    ], name="sentiment")
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])

    ids = rng.integers(1, 30, size=(5, 9)).astype("int32")
    for row, length in enumerate([9, 6, 4, 7, 2]):
        ids[row, length:] = 0
    expected = model.predict(ids, verbose=0)

    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / f"{case}.keras")
    reloaded = keras.models.load_model(OUT / f"{case}.keras")
    again = reloaded.predict(ids, verbose=0)
    assert np.array_equal(again, expected), "the saved archive does not reload to the same predictions"
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "description": "Sequential: Input((None,), int32) -> Embedding embed(30, 8, mask_zero=True)"
                       " -> LSTM encoder(6) -> Dense sentiment(1, sigmoid)",
        "weights": f"{case}.keras",
        "input": ids.tolist(),
        "expected": expected.tolist(),
    }))
    print(case, ids.shape, "->", expected.shape, expected.ravel())


if __name__ == "__main__":
    main()
