"""Checks with real Keras that the graph .keras archives rnnc exports load and reproduce rnnc.

Run from the repository root with the project venv, after KerasGraphExportTest wrote the
exported archives (see the class doc of examples/.../interop/KerasGraphExportTest.java):

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/keras_graph_export_check.py

For each case in examples/src/test/resources/interop/keras/graph/ (<case>.keras written by
KerasWeights.saveKeras, a Keras Functional config, and <case>.json with the inputs and rnnc's
outputs) it

1. opens the archive with nothing but `keras.models.load_model` (no builder: the graph comes from
   rnnc's config.json),
2. predicts on the recorded inputs and asserts max |keras - rnnc| <= 1e-5 for every output,
3. saves the loaded model with Keras' own `model.save` and asserts that Keras writes the same
   graph: the same top-level entries, the same layers in the same order (class, name), every
   layer's inbound_nodes exactly (tensors with shape, dtype and keras_history; kwargs), the same
   input_layers and output_layers, and every option rnnc wrote with Keras' value (Keras adds the
   options rnnc leaves to its defaults),
4. asserts the archive's model.weights.h5 has exactly the tree Keras' own `save_weights` writes,

and writes <case>.keras.json (Keras' predictions, one list per output). Exits non-zero on the
first failure.
"""

import json
import os
import pathlib
import sys
import tempfile
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from keras_export_check import compare_trees  # noqa: E402

DIR = pathlib.Path(__file__).resolve().parents[2] / "examples/src/test/resources/interop/keras/graph"
TOLERANCE = 1e-5


def without_ids(value):
    """A config without Keras' shared_object_id markers (object identities of one session)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def check_subset(case, where, ours, theirs):
    """Every key rnnc wrote has Keras' value; Keras may hold more keys (its defaults)."""
    if isinstance(ours, dict):
        if not isinstance(theirs, dict):
            raise SystemExit(f"{case}: {where}: rnnc {ours!r:.200}, Keras {theirs!r:.200}")
        for key, value in ours.items():
            if key not in theirs:
                raise SystemExit(f"{case}: {where}.{key}: written by rnnc, not by Keras")
            check_subset(case, f"{where}.{key}", value, theirs[key])
    elif isinstance(ours, list):
        if not isinstance(theirs, list) or len(ours) != len(theirs):
            raise SystemExit(f"{case}: {where}: rnnc {ours!r:.200}, Keras {theirs!r:.200}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            check_subset(case, f"{where}[{i}]", a, b)
    elif ours != theirs:
        raise SystemExit(f"{case}: {where}: rnnc {ours!r}, Keras {theirs!r}")


def compare_graphs(case, ours, theirs):
    """Keras' config of the loaded model has rnnc's graph."""
    ours, theirs = without_ids(ours), without_ids(theirs)
    for key in ("module", "class_name", "registered_name", "build_config", "compile_config"):
        if ours.get(key) != theirs.get(key):
            raise SystemExit(f"{case}: {key}: rnnc {ours.get(key)!r}, Keras {theirs.get(key)!r}")
    a, b = ours["config"], theirs["config"]
    if list(a.keys()) != list(b.keys()):
        raise SystemExit(f"{case}: model config keys: rnnc {list(a)}, Keras {list(b)}")
    for key in ("name", "trainable", "input_layers", "output_layers"):
        if a[key] != b[key]:
            raise SystemExit(f"{case}: {key}: rnnc {a[key]!r}, Keras {b[key]!r}")
    names = [(l["class_name"], l["name"]) for l in a["layers"]]
    keras_names = [(l["class_name"], l["name"]) for l in b["layers"]]
    if names != keras_names:
        raise SystemExit(f"{case}: layers: rnnc {names}, Keras {keras_names}")
    for ol, tl in zip(a["layers"], b["layers"]):
        if ol["inbound_nodes"] != tl["inbound_nodes"]:
            raise SystemExit(f"{case}: {ol['name']} inbound_nodes differ:\n  rnnc  {json.dumps(ol['inbound_nodes'])}"
                             f"\n  keras {json.dumps(tl['inbound_nodes'])}")
        extra = set(ol) - set(tl)
        if extra:
            raise SystemExit(f"{case}: {ol['name']}: keys only rnnc writes: {extra}")
        for key in ("module", "class_name", "registered_name", "name"):
            if ol[key] != tl[key]:
                raise SystemExit(f"{case}: {ol['name']}.{key}: rnnc {ol[key]!r}, Keras {tl[key]!r}")
        config = ol["config"]
        if ol["class_name"] == "Bidirectional":
            # rnnc writes the wrapped layer as Bidirectional(GRU(...)) takes it; Keras' get_config
            # writes its forward copy, which Bidirectional names forward_<name> and whose
            # zero_output_for_mask it sets to return_sequences (bidirectional.py,
            # force_zero_output_for_mask).
            config = json.loads(json.dumps(config))
            for key in ("layer", "backward_layer"):
                if key in config:
                    wrapped = config[key]["config"]
                    if key == "layer":
                        wrapped["name"] = "forward_" + wrapped["name"]
                    if "zero_output_for_mask" in wrapped:
                        wrapped["zero_output_for_mask"] = wrapped["return_sequences"]
        check_subset(case, ol["name"] + ".config", config, tl["config"])
    return len(names)


def check(case):
    record = json.loads((DIR / f"{case}.json").read_text())
    archive = DIR / record["archive"]
    keras.backend.clear_session()
    model = keras.models.load_model(archive)
    inputs = [np.asarray(x, dtype=t.dtype) for x, t in zip(record["inputs"], model.inputs)]
    out = model.predict_on_batch(inputs if len(inputs) > 1 else inputs[0])
    outputs = [np.asarray(o) for o in out] if isinstance(out, (list, tuple)) else [np.asarray(out)]
    if len(outputs) != len(record["rnnc"]):
        raise SystemExit(f"{case}: Keras has {len(outputs)} outputs, rnnc {len(record['rnnc'])}")
    worst = 0.0
    for k, (o, r) in enumerate(zip(outputs, record["rnnc"])):
        r = np.asarray(r, dtype=np.float32)
        if o.shape != r.shape:
            raise SystemExit(f"{case}: output {k}: Keras shape {o.shape}, rnnc {r.shape}")
        worst = max(worst, float(np.max(np.abs(o - r))))
    if not worst <= TOLERANCE:
        raise SystemExit(f"{case}: max |keras - rnnc| = {worst:.3g} > {TOLERANCE}")

    with tempfile.TemporaryDirectory() as tmp:
        resaved = pathlib.Path(tmp) / "keras.keras"
        model.save(resaved)
        with zipfile.ZipFile(resaved) as z:
            theirs = json.loads(z.read("config.json"))
        with zipfile.ZipFile(archive) as z:
            ours_config = json.loads(z.read("config.json"))
            ours = pathlib.Path(tmp) / "rnnc.weights.h5"
            ours.write_bytes(z.read("model.weights.h5"))
        layers = compare_graphs(case, ours_config, theirs)
        reference = pathlib.Path(tmp) / "keras.weights.h5"
        model.save_weights(reference)
        entries = compare_trees(case, ours, reference)

    result = {"case": case, "keras_version": keras.__version__, "max_abs_diff": worst,
              "loaded_with": "keras.models.load_model", "graph": "identical to rnnc's config.json",
              "layout": "identical to Keras save_weights", "keras": [o.tolist() for o in outputs]}
    (DIR / f"{case}.keras.json").write_text(json.dumps(result) + "\n")
    print(f"graph {case}: Keras {keras.__version__} load_model opens the rnnc .keras"
          f" ({', '.join(l.__class__.__name__ for l in model.layers)}); max |keras - rnnc| = {worst:.3g};"
          f" Keras' model.save writes the same graph ({layers} layers); {entries} weight entries"
          f" identical to Keras' own save_weights")


def main():
    cases = sorted(p.name[:-len(".json")] for p in DIR.glob("*.json") if not p.name.endswith(".keras.json"))
    if not cases:
        raise SystemExit(f"no exported graphs in {DIR}; run KerasGraphExportTest with -Drnnc.interop.regenerate=true")
    for case in cases:
        check(case)


if __name__ == "__main__":
    sys.exit(main())
