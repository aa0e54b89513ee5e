"""Keras 3.15 fixtures for rnnc's @Bidirectional around @RNN (a custom cell or stacked cells).

Bidirectional(RNN(MinimalRNNCell)) and Bidirectional(RNN([LSTMCell, GRUCell])) with merge modes,
sequences or the last output, and masks from Masking. MinimalRNNCell is the Keras RNN guide's
cell (Java twin: examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java). Every model is a
keras.Sequential named like its Java interface, built after keras.backend.clear_session(), so the
.weights.h5 Keras writes is the tree rnnc's KerasWeights.save must write
(BidirectionalCellsTest compares the two).

Writes examples/src/test/resources/fixtures/cells/<case>.weights.h5 and <case>.json with
"input" and "expected"; return_state cases also "states" (forward states, then backward ones).

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_bidirectional_cells.py

Export check (rnnc -> Keras): BidirectionalCellsTest keeps what KerasWeights.save / saveKeras wrote
in DIR when run with -Drnnc.cells.exportDir=DIR; then
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_bidirectional_cells.py --check-export DIR
loads each bidi_* file into real Keras and compares its predictions with the fixture (<= 1e-5).
"""
import json
import sys
import pathlib

import numpy as np
import keras
from keras import layers

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import keras_stacked_cells  # noqa: E402
from keras_stacked_cells import randomize, sequential, write, save, padded  # noqa: E402


@keras.saving.register_keras_serializable(package="rnnc")
class MinimalRNNCell(keras_stacked_cells.MinimalRNNCell):
    """The guide's cell, serializable: Bidirectional rebuilds its layers from their configs."""

    def get_config(self):
        return {**super().get_config(), "units": self.units}

BUILDERS = {
    # Bidirectional(RNN(custom cell)), concat, sequences -> Dense.
    "bidi_custom_concat_seq": lambda: sequential("BidiCustomConcatSeq", (6, 3), lambda: [
        layers.Bidirectional(layers.RNN(MinimalRNNCell(4), return_sequences=True), name="bi"),
        layers.Dense(2, name="head")]),
    # Bidirectional(RNN([LSTMCell, GRUCell])), sum, last output.
    "bidi_stacked_sum_last": lambda: sequential("BidiStackedSumLast", (5, 3), lambda: [
        layers.Bidirectional(layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)]), merge_mode="sum", name="bi")]),
    # Stacked with a custom cell, mul, sequences.
    "bidi_stacked_mul_seq": lambda: sequential("BidiStackedMulSeq", (5, 2), lambda: [
        layers.Bidirectional(layers.RNN([layers.SimpleRNNCell(3), MinimalRNNCell(3)], return_sequences=True),
                             merge_mode="mul", name="bi")]),
    # Masking -> Bidirectional(RNN(custom cell)), ave, sequences.
    "bidi_masked_custom_ave_seq": lambda: sequential("BidiMaskedCustomAveSeq", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.Bidirectional(layers.RNN(MinimalRNNCell(4), return_sequences=True), merge_mode="ave", name="bi")]),
    # Masking -> Bidirectional(RNN([GRUCell, LSTMCell])), concat, last output.
    "bidi_masked_stacked_concat_last": lambda: sequential("BidiMaskedStackedConcatLast", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.Bidirectional(layers.RNN([layers.GRUCell(4), layers.LSTMCell(3)]), name="bi")]),
}


def main():
    rng = np.random.default_rng(3031)
    for case in ("bidi_custom_concat_seq", "bidi_stacked_sum_last", "bidi_stacked_mul_seq"):
        timesteps, features = BUILDERS[case]().input_shape[1:]
        save(case, BUILDERS[case](), rng.normal(size=(3, timesteps, features)).astype("float32"), rng)
    save("bidi_masked_custom_ave_seq", BUILDERS["bidi_masked_custom_ave_seq"](), padded(rng, 4, 6, 3), rng)
    save("bidi_masked_stacked_concat_last", BUILDERS["bidi_masked_stacked_concat_last"](), padded(rng, 4, 6, 3), rng)

    # return_state: output, then the forward states (h0, c0, h1), then the backward ones.
    keras.backend.clear_session()
    inp = keras.Input((5, 2))
    bi = layers.Bidirectional(layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_state=True), name="bi")
    model = keras.Model(inp, keras.tree.flatten(bi(inp)), name="BidiStackedReturnState")
    randomize(model, rng)
    x = rng.normal(size=(3, 5, 2)).astype("float32")
    result = model.predict(x, verbose=0)
    write("bidi_stacked_return_state", model, {"input": x.tolist(), "expected": result[0].tolist(),
                                               "states": [s.tolist() for s in result[1:]]})


def check_export(directory):
    directory = pathlib.Path(directory)
    files = sorted(directory.glob("bidi_*.weights.h5")) + sorted(directory.glob("bidi_*.keras"))
    if not files:
        raise SystemExit(f"nothing to check in {directory}")
    for file in files:
        case = file.name.split(".")[0]
        record = json.loads((keras_stacked_cells.OUT / f"{case}.json").read_text())
        if file.suffix == ".keras":
            keras.backend.clear_session()
            model = keras.models.load_model(file, custom_objects={"MinimalRNNCell": MinimalRNNCell})
        else:
            model = BUILDERS[case]()
            model.load_weights(file)
        x = np.asarray(record["input"], dtype=model.inputs[0].dtype)
        worst = float(np.max(np.abs(model.predict(x, verbose=0) - np.asarray(record["expected"]))))
        if not worst <= 1e-5:
            raise SystemExit(f"{file.name}: max |keras - expected| = {worst:.3g} > 1e-5")
        print(f"{file.name}: Keras {keras.__version__} reproduces the fixture, max abs diff {worst:.3g}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check-export":
        check_export(sys.argv[2])
    else:
        main()
