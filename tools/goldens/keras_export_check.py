"""Checks with real Keras that the .weights.h5 files rnnc exports load and reproduce rnnc.

Run from the repository root with the project venv, after KerasExportTest wrote the
exported files (see the class doc of examples/.../interop/KerasExportTest.java):

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_export_check.py

For each case in examples/src/test/resources/interop/keras/ (<case>.weights.h5 and
<case>.json with the input and rnnc's outputs, both written by rnnc) it

1. builds the same architecture as a Keras Sequential model (same layer and model
   names; the builders below mirror KerasExportModels.java; wrapped layers keep the
   names Keras gives them in a fresh session),
2. loads the rnnc file with `model.load_weights` (Keras checks variable counts and
   shapes per layer),
3. predicts on the recorded input and asserts max |keras - rnnc| <= 1e-5,
4. saves the loaded model with Keras' own `save_weights` and asserts that the rnnc
   file has exactly the same tree: the same groups and datasets, the same `name`
   attributes stored the same way (scalar variable-length UTF-8 strings), the same
   dtypes, shapes and values,

and writes <case>.keras.json (Keras' predictions) for the Java test to compare.

For each whole-model archive in archive/ (<case>.keras written by KerasWeights.saveKeras and
<case>.json, both by KerasArchiveExportTest) it

1. opens the archive with nothing but `keras.models.load_model` (no builder here: the
   architecture comes from rnnc's config.json),
2. predicts on each recorded input in order (a stateful model carries its states from one
   chunk to the next, as rnnc did) and asserts max |keras - rnnc| <= 1e-5,
3. saves the loaded model with Keras' own `save_weights` and asserts the archive's
   model.weights.h5 has exactly the same tree,

and writes archive/<case>.keras.json. Exits non-zero on the first failure.
"""

import json
import os
import pathlib
import sys
import tempfile
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

DIR = pathlib.Path(__file__).resolve().parents[2] / "examples/src/test/resources/interop/keras"
ARCHIVE_DIR = DIR / "archive"
TOLERANCE = 1e-5


def build(case, model_name):
    """The Keras twin of each interface in KerasExportModels.java.

    Top-level layers are named like the interface methods; wrapped layers (inside Bidirectional
    and TimeDistributed) are left unnamed, so Keras names them itself. clear_session() first makes
    those names the ones of a fresh session (lstm, lstm_1, dense, ...), which is what rnnc writes.
    """
    keras.backend.clear_session()
    if case == "lstm_stack":
        stack = [keras.Input((6, 3)),
                 layers.LSTM(8, return_sequences=True, name="encoder"),
                 layers.Dropout(0.1, name="drop"),
                 layers.LSTM(5, name="summary"),
                 layers.Dense(4, activation="relu", name="hidden"),
                 layers.Dense(2, name="head")]
    elif case == "gru_both":
        stack = [keras.Input((5, 4)),
                 layers.GRU(6, return_sequences=True, name="after"),
                 layers.GRU(3, reset_after=False, name="before"),
                 layers.Dense(1, activation="sigmoid", name="out")]
    elif case == "simple_rnns":
        stack = [keras.Input((7, 2)),
                 layers.SimpleRNN(5, activation="relu", return_sequences=True, name="rnn"),
                 layers.SimpleRNN(3, use_bias=False, name="rnn2"),
                 layers.Dense(2, use_bias=False, name="head")]
    elif case == "embedding_lstm":
        stack = [keras.Input((6,), dtype="int32"),
                 layers.Embedding(12, 4, name="embed"),
                 layers.LSTM(5, return_sequences=True, name="lstm"),
                 layers.Dense(3, activation="softmax", name="probs")]
    elif case == "masked_bidi_tagger":
        stack = [keras.Input((6, 3)),
                 layers.Masking(name="mask"),
                 layers.Bidirectional(layers.LSTM(4, return_sequences=True), name="encoder"),
                 layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum", name="refine"),
                 layers.TimeDistributed(layers.Dense(3, activation="softmax"), name="tags")]
    elif case == "bidi_mixed":
        stack = [keras.Input((5, 4)),
                 layers.Bidirectional(layers.GRU(3, reset_after=False, return_sequences=True), merge_mode="mul",
                                      name="gru"),
                 layers.TimeDistributed(layers.Dense(4, activation="relu"), name="perStep"),
                 layers.Bidirectional(layers.SimpleRNN(3, use_bias=False), merge_mode="ave", name="summary"),
                 layers.Dense(2, name="head")]
    elif case == "model_checkpoint":
        # written by ModelCheckpoint during a fit (ModelCheckpointExportTest.CheckpointedLstm)
        stack = [keras.Input((6, 3)),
                 layers.LSTM(8, return_sequences=True, name="encoder"),
                 layers.LSTM(5, name="summary"),
                 layers.Dense(2, name="head")]
    else:
        raise SystemExit(f"no Keras builder for case {case}")
    return keras.Sequential(stack, name=model_name)


def tree(path):
    """Every group, dataset and attribute of an HDF5 file, with types and values."""
    entries = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            attrs = {}
            for key in obj.attrs:
                attr = obj.attrs.get_id(key)
                t = attr.get_type()
                kind = ("vlen-str", t.get_cset()) if isinstance(t, h5py.h5t.TypeStringID) and t.is_variable_str() \
                    else ("other", str(obj.attrs[key].dtype) if hasattr(obj.attrs[key], "dtype") else type(obj.attrs[key]))
                attrs[key] = (kind, attr.shape, obj.attrs[key])
            if isinstance(obj, h5py.Dataset):
                entries[name] = ("dataset", str(obj.dtype), obj.shape, obj[()].tobytes(), attrs)
            else:
                entries[name] = ("group", attrs)
        f.visititems(visit)
        entries["/"] = ("root-attrs", {k: f.attrs[k] for k in f.attrs})
    return entries


def check(case):
    record = json.loads((DIR / f"{case}.json").read_text())
    weights = DIR / record["weights"]
    model = build(case, record["model"])
    model.load_weights(weights)
    dtype = "int32" if case == "embedding_lstm" else "float32"
    x = np.asarray(record["input"], dtype=dtype)
    keras_out = model.predict(x, verbose=0)
    rnnc_out = np.asarray(record["rnnc"], dtype=np.float32)
    worst = float(np.max(np.abs(keras_out - rnnc_out)))
    if not worst <= TOLERANCE:
        raise SystemExit(f"{case}: max |keras - rnnc| = {worst:.3g} > {TOLERANCE}")

    with tempfile.TemporaryDirectory() as tmp:
        reference = pathlib.Path(tmp) / "keras.weights.h5"
        model.save_weights(reference)
        ours, theirs = tree(weights), tree(reference)
    if ours.keys() != theirs.keys():
        raise SystemExit(f"{case}: entries differ: only rnnc {sorted(ours.keys() - theirs.keys())},"
                         f" only Keras {sorted(theirs.keys() - ours.keys())}")
    for name in ours:
        if repr(ours[name]) != repr(theirs[name]):
            raise SystemExit(f"{case}: {name} differs:\n  rnnc  {ours[name]!r:.300}\n  keras {theirs[name]!r:.300}")

    out = {"case": case, "keras_version": keras.__version__, "max_abs_diff": worst,
           "layout": "identical to Keras save_weights", "keras": keras_out.tolist()}
    (DIR / f"{case}.keras.json").write_text(json.dumps(out) + "\n")
    print(f"{case}: Keras {keras.__version__} loads the rnnc file; max |keras - rnnc| = {worst:.3g};"
          f" {len(ours)} entries identical to Keras' own save_weights")


def compare_trees(case, ours_path, theirs_path):
    ours, theirs = tree(ours_path), tree(theirs_path)
    if ours.keys() != theirs.keys():
        raise SystemExit(f"{case}: entries differ: only rnnc {sorted(ours.keys() - theirs.keys())},"
                         f" only Keras {sorted(theirs.keys() - ours.keys())}")
    for name in ours:
        if repr(ours[name]) != repr(theirs[name]):
            raise SystemExit(f"{case}: {name} differs:\n  rnnc  {ours[name]!r:.300}\n  keras {theirs[name]!r:.300}")
    return len(ours)


def check_archive(case):
    """Loads rnnc's .keras with load_model alone and compares predictions and weight trees."""
    record = json.loads((ARCHIVE_DIR / f"{case}.json").read_text())
    archive = ARCHIVE_DIR / record["archive"]
    keras.backend.clear_session()
    model = keras.models.load_model(archive)
    dtype = model.inputs[0].dtype
    outputs, worst = [], 0.0
    for x, rnnc in zip(record["inputs"], record["rnnc"]):
        x = np.asarray(x, dtype=dtype)
        if record["stateful"]:
            x = x[None]  # one chunk of the single stream: batch_shape (1, ...)
            out = np.asarray(model.predict_on_batch(x))[0]
        else:
            out = np.asarray(model.predict_on_batch(x))
        worst = max(worst, float(np.max(np.abs(out - np.asarray(rnnc, dtype=np.float32)))))
        outputs.append(out.tolist())
    if not worst <= TOLERANCE:
        raise SystemExit(f"{case}: max |keras - rnnc| = {worst:.3g} > {TOLERANCE}")

    with tempfile.TemporaryDirectory() as tmp:
        ours = pathlib.Path(tmp) / "rnnc.weights.h5"
        with zipfile.ZipFile(archive) as z:
            ours.write_bytes(z.read("model.weights.h5"))
        reference = pathlib.Path(tmp) / "keras.weights.h5"
        model.save_weights(reference)
        entries = compare_trees(case, ours, reference)

    out = {"case": case, "keras_version": keras.__version__, "max_abs_diff": worst,
           "loaded_with": "keras.models.load_model", "layout": "identical to Keras save_weights",
           "keras": outputs}
    (ARCHIVE_DIR / f"{case}.keras.json").write_text(json.dumps(out) + "\n")
    print(f"archive {case}: Keras {keras.__version__} load_model opens the rnnc .keras"
          f" ({', '.join(l.__class__.__name__ for l in model.layers)}); max |keras - rnnc| = {worst:.3g};"
          f" {entries} weight entries identical to Keras' own save_weights")


def main():
    cases = sorted(p.name[:-len(".json")] for p in DIR.glob("*.json") if not p.name.endswith(".keras.json"))
    if not cases:
        raise SystemExit(f"no exported cases in {DIR}; run KerasExportTest with -Drnnc.interop.regenerate=true")
    for case in cases:
        check(case)
    archives = sorted(p.name[:-len(".json")] for p in ARCHIVE_DIR.glob("*.json")
                      if not p.name.endswith(".keras.json"))
    if not archives:
        raise SystemExit(f"no exported archives in {ARCHIVE_DIR}; run KerasArchiveExportTest with"
                         " -Drnnc.interop.regenerate=true")
    for case in archives:
        check_archive(case)


if __name__ == "__main__":
    sys.exit(main())
