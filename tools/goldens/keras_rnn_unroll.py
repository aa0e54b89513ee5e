"""Keras 3.15 fixtures for @RNN(unroll = true): keras.layers.RNN(cell, unroll=True), as Keras' own
masking test (keras/src/layers/rnn/rnn_test.py) declares it, over a custom cell, stacked built-in
cells and a Bidirectional wrapper, with and without masks.

Each case is a keras.Sequential named like its Java interface in
examples/src/test/java/dev/rnnc/cells/UnrollModels.java, layers named like its methods. Keras'
unrolled output is checked here against the same model with unroll=False (same weights), so the
fixture is also the looped answer. Writes examples/src/test/resources/fixtures/cells/<case>.weights.h5
and <case>.json ("input", "expected").

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_rnn_unroll.py
"""
import pathlib
import sys

import numpy as np
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from keras_bidirectional_cells import MinimalRNNCell  # noqa: E402 (serializable, for Bidirectional)
from keras_stacked_cells import padded, randomize, sequential, write  # noqa: E402

BUILDERS = {
    # Keras' rnn_test masking case: Masking -> RNN(custom cell, unroll=True) sequences -> Dense.
    "unroll_masked_custom_seq": lambda unroll: sequential("UnrollMaskedCustomSeq", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN(MinimalRNNCell(4), return_sequences=True, unroll=unroll, name="custom"),
        layers.Dense(2, name="head")]),
    # Stacked built-in cells, backwards, masked, last output.
    "unroll_masked_stacked_backwards": lambda unroll: sequential("UnrollMaskedStackedBackwards", (5, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN([layers.LSTMCell(5), layers.GRUCell(3)], go_backwards=True, unroll=unroll, name="stack")]),
    # Bidirectional around an unrolled RNN of a custom cell, sequences, concat.
    "unroll_bidirectional_custom": lambda unroll: sequential("UnrollBidirectionalCustom", (4, 2), lambda: [
        layers.Bidirectional(layers.RNN(MinimalRNNCell(3), return_sequences=True, unroll=unroll), name="both")]),
}


def main():
    rng = np.random.default_rng(2319)
    for case, build in BUILDERS.items():
        model = build(True)
        timesteps, features = model.input_shape[1:]
        x = padded(rng, 4, timesteps, features)
        randomize(model, rng)
        expected = model.predict(x, verbose=0)
        looped = build(False)
        looped.set_weights(model.get_weights())
        diff = float(np.max(np.abs(looped.predict(x, verbose=0) - expected)))
        assert diff <= 1e-6, f"{case}: Keras unrolled vs looped differ by {diff}"
        write(case, model, {"input": x.tolist(), "expected": expected.tolist()})


if __name__ == "__main__":
    main()
