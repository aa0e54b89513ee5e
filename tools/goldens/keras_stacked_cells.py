"""Keras 3.15 fixtures for rnnc's @RNN over stacked cells and masks into @RNN layers.

Stacked cells are keras.layers.RNN([cell1, cell2, ...]) (StackedRNNCells) over the built-in
LSTMCell, GRUCell and SimpleRNNCell with their options, and the Keras RNN guide's MinimalRNNCell
(the Java twin is examples/src/test/java/dev/rnnc/cells/MinimalRnnCell.java). Masks come from
Masking and Embedding(mask_zero=True) before RNN(custom cell) and RNN(stacked cells).

Every model is a keras.Sequential named like its Java interface, with layers named like the
interface methods, built after keras.backend.clear_session() so Keras' automatic cell names are
those of a fresh session: the .weights.h5 Keras writes is then exactly the tree rnnc's
KerasWeights.save must write (StackedCellsTest compares the two).

Writes examples/src/test/resources/fixtures/cells/<case>.weights.h5 and <case>.json:
"input", "expected" (the model's output), and for return_state cases "states" (one list per
state, Keras' flattened order h0, c0, h1, ...); stateful cases have "calls": a list of
{"input", "expected"} run in order with "reset_before": true where reset_states() ran first.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_stacked_cells.py

Export check (rnnc -> Keras): StackedCellsTest writes what KerasWeights.save / saveKeras produce
into a directory when run with -Drnnc.cells.exportDir=DIR; then
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_stacked_cells.py --check-export DIR
loads each file into real Keras and compares its predictions with the fixture.
"""
import json
import pathlib

import numpy as np
import keras
from keras import layers, ops

OUT = pathlib.Path("examples/src/test/resources/fixtures/cells")


class MinimalRNNCell(keras.layers.Layer):
    """The Keras guide's custom cell."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")
        self.built = True

    def call(self, inputs, states):
        prev_output = states[0]
        h = ops.matmul(inputs, self.kernel)
        output = h + ops.matmul(prev_output, self.recurrent_kernel)
        return output, [output]


def randomize(model, rng, scale=0.4):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, scale, w.shape).astype("float32") for w in weights])


def sequential(name, input_shape, stack, dtype="float32", batch_size=None):
    """stack is a function returning the layers, so they are created after clear_session()."""
    keras.backend.clear_session()
    inp = keras.Input(input_shape, dtype=dtype, batch_size=batch_size)
    return keras.Sequential([inp] + stack(), name=name)


def write(case, model, record):
    OUT.mkdir(parents=True, exist_ok=True)
    model.save_weights(OUT / f"{case}.weights.h5")
    record = {"case": case, "keras_version": keras.__version__, **record}
    (OUT / f"{case}.json").write_text(json.dumps(record))
    print(case, {k: np.asarray(v).shape for k, v in record.items() if k in ("input", "expected")})


def save(case, model, x, rng):
    randomize(model, rng)
    expected = model.predict(x, verbose=0)
    write(case, model, {"input": x.tolist(), "expected": expected.tolist()})


def padded(rng, batch, timesteps, features):
    """Rows: full, right-padded, left-padded with an interior gap, fully padded (zeros = padding)."""
    x = rng.normal(size=(batch, timesteps, features)).astype("float32")
    x[1, timesteps - 2:] = 0
    x[2, :2] = 0
    x[2, 3] = 0
    x[3] = 0
    return x


def tokens(rng, batch, timesteps, vocabulary):
    ids = rng.integers(1, vocabulary, size=(batch, timesteps)).astype("int32")
    ids[1, timesteps - 3:] = 0
    ids[2, :2] = 0
    ids[2, 4] = 0
    ids[3] = 0
    return ids


# The Sequential models by case, shared by the fixture writer and --check-export.
BUILDERS = {
    # Built-in cells mixed and repeated (keys lstm_cell, gru_cell, lstm_cell_1, simple_rnn_cell).
    "stacked_mixed_seq": lambda: sequential("StackedMixedSeq", (6, 3), lambda: [
        layers.RNN([layers.LSTMCell(5), layers.GRUCell(4), layers.LSTMCell(3), layers.SimpleRNNCell(3)],
                   return_sequences=True, name="stack"),
        layers.Dense(2, name="head")]),
    # Every built-in option, backwards, last output.
    "stacked_options": lambda: sequential("StackedOptions", (5, 4), lambda: [
        layers.RNN([layers.GRUCell(4, reset_after=False, activation="softsign"),
                    layers.LSTMCell(3, use_bias=False, recurrent_activation="hard_sigmoid", activation="elu"),
                    layers.GRUCell(3, use_bias=False),
                    layers.SimpleRNNCell(2, activation="relu", use_bias=False)],
                   go_backwards=True, name="stack")]),
    # Custom and built-in cells mixed.
    "stacked_custom_mixed": lambda: sequential("StackedCustomMixed", (7, 3), lambda: [
        layers.RNN([layers.LSTMCell(4), MinimalRNNCell(5), layers.GRUCell(3)], return_sequences=True, name="stack"),
        layers.Dense(2, name="head")]),
    # Stateful, one stream (batch 1).
    "stacked_stateful": lambda: sequential("StackedStateful", (4, 3), lambda: [
        layers.RNN([layers.GRUCell(4), layers.LSTMCell(3), MinimalRNNCell(2)], stateful=True, return_sequences=True,
                   name="stack")], batch_size=1),
    # Masking -> RNN(custom cell) sequences -> Dense.
    "masked_custom_seq": lambda: sequential("MaskedCustomSeq", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN(MinimalRNNCell(4), return_sequences=True, name="custom"),
        layers.Dense(2, name="head")]),
    # Masking -> RNN(custom cell, zero_output_for_mask) last output, backwards.
    "masked_custom_last_zero": lambda: sequential("MaskedCustomLastZero", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN(MinimalRNNCell(3), zero_output_for_mask=True, go_backwards=True, name="custom")]),
    # Embedding(mask_zero) -> stacked cells (sequences) -> stacked cells with a custom cell (last).
    "masked_stacked_tokens": lambda: sequential("MaskedStackedTokens", (7,), lambda: [
        layers.Embedding(10, 4, mask_zero=True, name="embed"),
        layers.RNN([layers.LSTMCell(5), layers.GRUCell(3)], return_sequences=True, name="lower"),
        layers.RNN([layers.SimpleRNNCell(3), MinimalRNNCell(2)], go_backwards=True, name="upper")], dtype="int32"),
    # Masking -> stacked cells, zero_output_for_mask, sequences.
    "masked_stacked_zero_seq": lambda: sequential("MaskedStackedZeroSeq", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN([layers.GRUCell(4), layers.LSTMCell(3)], return_sequences=True, zero_output_for_mask=True,
                   name="stack")]),
    # Masking -> stacked cells with a custom cell, backwards, sequences (output in processing order).
    "masked_stacked_backwards_seq": lambda: sequential("MaskedStackedBackwardsSeq", (6, 3), lambda: [
        layers.Masking(name="mask"),
        layers.RNN([layers.SimpleRNNCell(3), MinimalRNNCell(2)], go_backwards=True, return_sequences=True,
                   name="stack")]),
}


def main():
    rng = np.random.default_rng(2026)
    for case in ("stacked_mixed_seq", "stacked_options", "stacked_custom_mixed"):
        timesteps, features = BUILDERS[case]().input_shape[1:]
        save(case, BUILDERS[case](), rng.normal(size=(3, timesteps, features)).astype("float32"), rng)

    # return_state: output, then h0, c0 (LSTM), h1 (GRU), state of the custom cell.
    keras.backend.clear_session()
    inp = keras.Input((5, 2))
    rnn = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3), MinimalRNNCell(2)], return_state=True, name="stack")
    model = keras.Model(inp, keras.tree.flatten(rnn(inp)), name="StackedReturnState")
    randomize(model, rng)
    x = rng.normal(size=(3, 5, 2)).astype("float32")
    result = model.predict(x, verbose=0)
    write("stacked_return_state", model, {"input": x.tolist(), "expected": result[0].tolist(),
                                          "states": [s.tolist() for s in result[1:]]})

    # stateful, one stream: calls carry the states; reset between call 2 and 3.
    model = BUILDERS["stacked_stateful"]()
    randomize(model, rng)
    calls = []
    for i in range(4):
        reset = i == 2
        if reset:
            # Keras 3.15's RNN.reset_states() fails on nested (stacked) states ('ListWrapper' has no
            # 'assign'); zero every state variable as it would.
            for v in keras.tree.flatten(model.layers[0].states):
                v.assign(ops.zeros_like(v))
        x = rng.normal(size=(1, 4, 3)).astype("float32")
        calls.append({"input": x[0].tolist(), "expected": model.predict_on_batch(x)[0].tolist(),
                      "reset_before": reset})
    write("stacked_stateful", model, {"calls": calls})

    save("masked_custom_seq", BUILDERS["masked_custom_seq"](), padded(rng, 4, 6, 3), rng)
    save("masked_custom_last_zero", BUILDERS["masked_custom_last_zero"](), padded(rng, 4, 6, 3), rng)
    save("masked_stacked_tokens", BUILDERS["masked_stacked_tokens"](), tokens(rng, 4, 7, 10), rng)
    save("masked_stacked_zero_seq", BUILDERS["masked_stacked_zero_seq"](), padded(rng, 4, 6, 3), rng)
    save("masked_stacked_backwards_seq", BUILDERS["masked_stacked_backwards_seq"](), padded(rng, 4, 6, 3), rng)


def check_export(directory):
    """Loads what rnnc saved (StackedCellsTest with -Drnnc.cells.exportDir=DIR) into real Keras.

    <case>.weights.h5: model.load_weights into the case's Keras model; <case>.keras:
    keras.models.load_model alone. Either way Keras must predict the fixture's outputs (<= 1e-5).
    """
    directory = pathlib.Path(directory)
    files = sorted(directory.glob("*.weights.h5")) + sorted(directory.glob("*.keras"))
    if not files:
        raise SystemExit(f"nothing to check in {directory}")
    for file in files:
        case = file.name.split(".")[0]
        record = json.loads((OUT / f"{case}.json").read_text())
        if file.suffix == ".keras":
            keras.backend.clear_session()
            model = keras.models.load_model(file, custom_objects={"MinimalRNNCell": MinimalRNNCell})
            how = "keras.models.load_model"
        else:
            model = BUILDERS[case]()
            model.load_weights(file)
            how = "model.load_weights"
        if "calls" in record:  # stateful: the calls in order, with the recorded resets
            worst = 0.0
            for call in record["calls"]:
                if call["reset_before"]:
                    for v in keras.tree.flatten(model.layers[0].states):
                        v.assign(ops.zeros_like(v))
                out = model.predict_on_batch(np.asarray([call["input"]], dtype="float32"))[0]
                worst = max(worst, float(np.max(np.abs(out - np.asarray(call["expected"])))))
        else:
            x = np.asarray(record["input"], dtype=model.inputs[0].dtype)
            worst = float(np.max(np.abs(model.predict(x, verbose=0) - np.asarray(record["expected"]))))
        if not worst <= 1e-5:
            raise SystemExit(f"{file.name}: max |keras - expected| = {worst:.3g} > 1e-5")
        print(f"{file.name}: Keras {keras.__version__} {how} reproduces the fixture, max abs diff {worst:.3g}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--check-export":
        check_export(sys.argv[2])
    else:
        main()
