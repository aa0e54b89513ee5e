"""Golden fixtures for dev.rnnc.runtime.data, from real Keras 3.15.1 (TensorFlow backend).

Writes runtime/src/test/resources/data/:

* text_vectorization.json: keras.layers.TextVectorization(output_mode="int") cases: a
  corpus (ties, punctuation, capitals, Unicode, whitespace kinds, empty strings), the layer's
  options, get_vocabulary() after adapt(corpus), vocabulary_size(), and layer(queries) (a
  batch) plus layer([q]) for each query (a batch of one).
* pad_sequences.json: keras.utils.pad_sequences over int and float inputs and every option.
* text_directory.json: a small aclImdb-like tree (relative paths and their bytes, as hex),
  the file order and labels of keras.utils.text_dataset_from_directory(shuffle=False), the
  order keras' index_directory gives with a seed (np.random.RandomState(seed).shuffle), the
  training/validation subsets with validation_split, and raw RandomState shuffles.

Run from the repository root (about 10 s):

    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow .venv/bin/python tools/goldens/data_fixtures.py
"""

import json
import os
import pathlib
import re
import shutil
import string
import tempfile

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras.src.utils import dataset_utils  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "runtime" / "src" / "test" / "resources" / "data"

assert keras.__version__ == "3.15.1", keras.__version__

CORPUS = [
    "The movie was GREAT, great acting!",
    "the Movie was bad... really bad.",
    "",
    "   ",
    "It's a-b test: don't (stop) [now] {ever}",
    "zeta alpha beta gamma delta beta alpha zeta",
    "Émile ÀÉÎ Österreich straße ΑΒΓ İstanbul",
    "don’t — «hi» “x” ¿qué? ¡sí! naïve café",
    "tab\tsep\nnewline\rcr\x0bvt\x0cff  double  space",
    "nbsp\u00a0inside em\u2003space ideo\u3000space nel\x85inside ls\u2028x",
    "emoji 😀 😀 fullwidth Ａ Ａ ﬃ",
    "#tag @user 1,000 $5 50% x_y a~b c|d e\\f `q` ^ ~ |",
    "[UNK] unk UNK",
    "great great bad bad movie movie",
    "Zebra zebra ZEBRA apple Apple",
]

QUERIES = [
    "The movie was great",
    "unknown words here: xylophone!",
    "",
    "GREAT. Great? great!",
    "émile Émile ÉMILE",
    "😀 Ａ ﬃ ＡＢＣ",
    "one two three four five six seven eight nine ten eleven",
    "[UNK]",
    "  leading and trailing  ",
]


def rows(output):
    """A dense or ragged int output as a list of rows."""
    return output.to_list() if hasattr(output, "to_list") else output.numpy().tolist()


def text_vectorization_cases():
    configs = [
        ("default", {}),
        ("max_tokens_10", {"max_tokens": 10}),
        ("max_tokens_3", {"max_tokens": 3}),
        ("sequence_length_5", {"output_sequence_length": 5}),
        ("sequence_length_0", {"output_sequence_length": 0}),
        ("max_tokens_12_length_4", {"max_tokens": 12, "output_sequence_length": 4}),
        ("lower", {"standardize": "lower"}),
        ("strip_punctuation", {"standardize": "strip_punctuation"}),
        ("no_standardize", {"standardize": None}),
        ("ragged", {"ragged": True}),
        ("ragged_length_3", {"ragged": True, "output_sequence_length": 3}),
    ]
    cases = []
    for name, options in configs:
        layer = keras.layers.TextVectorization(**options)
        layer.adapt(CORPUS)
        batch = rows(layer(QUERIES))
        singles = [rows(layer([q]))[0] for q in QUERIES]
        cases.append(
            {
                "name": name,
                "options": options,
                "corpus": CORPUS,
                "vocabulary": [str(t) for t in layer.get_vocabulary()],
                "vocabulary_size": int(layer.vocabulary_size()),
                "queries": QUERIES,
                "batch": batch,
                "singles": singles,
            }
        )

    # Keras' IMDB tutorial (text_classification_from_scratch): a callable standardize.
    def custom_standardization(input_data):
        lowercase = tf.strings.lower(input_data)
        stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
        return tf.strings.regex_replace(stripped_html, f"[{re.escape(string.punctuation)}]", "")

    html_corpus = CORPUS + ["Loved it.<br /><br />Really!", "BAD<br />film", "a<br/>b <BR />c"]
    html_queries = QUERIES + ["Great<br />fun", "x<br /><br />y"]
    layer = keras.layers.TextVectorization(standardize=custom_standardization, max_tokens=30)
    layer.adapt(html_corpus)
    cases.append(
        {
            "name": "custom_standardize_imdb_tutorial",
            "options": {"max_tokens": 30, "standardize": "imdb_tutorial"},
            "corpus": html_corpus,
            "vocabulary": [str(t) for t in layer.get_vocabulary()],
            "vocabulary_size": int(layer.vocabulary_size()),
            "queries": html_queries,
            "batch": rows(layer(html_queries)),
            "singles": [rows(layer([q]))[0] for q in html_queries],
        }
    )

    # Ties decided by the tokens' bytes, descending, over many tokens; counts 1..4.
    rng = np.random.default_rng(7)
    alphabet = ["a", "b", "z", "é", "ß", "Ω", "😀", "Ａ", "ab", "ba", "a😀", "aＡ", "_", "x1"]
    words = sorted({"".join(rng.choice(alphabet, size=rng.integers(1, 4))) for _ in range(400)})
    texts = []
    for i, w in enumerate(words):
        texts.extend([w] * (1 + i % 4))
    order = rng.permutation(len(texts))
    tie_corpus = [" ".join(texts[j] for j in order[k : k + 7]) for k in range(0, len(order), 7)]
    for name, options in [("ties", {}), ("ties_max_tokens_40", {"max_tokens": 40})]:
        layer = keras.layers.TextVectorization(**options)
        layer.adapt(tie_corpus)
        queries = tie_corpus[:5] + ["a b z nothing"]
        cases.append(
            {
                "name": name,
                "options": options,
                "corpus": tie_corpus,
                "vocabulary": [str(t) for t in layer.get_vocabulary()],
                "vocabulary_size": int(layer.vocabulary_size()),
                "queries": queries,
                "batch": layer(queries).numpy().tolist(),
                "singles": [layer([q]).numpy()[0].tolist() for q in queries],
            }
        )

    # set_vocabulary, with and without the special tokens; re-adapting an empty corpus.
    layer = keras.layers.TextVectorization()
    layer.set_vocabulary(["movie", "great", "bad"])
    without = [str(t) for t in layer.get_vocabulary()]
    without_out = layer(QUERIES[:4]).numpy().tolist()
    layer.set_vocabulary(["", "[UNK]", "bad", "movie"])
    with_special = [str(t) for t in layer.get_vocabulary()]
    with_out = layer(QUERIES[:4]).numpy().tolist()
    layer.adapt(["x y y"])
    layer.adapt(["", "  "])  # no tokens: the vocabulary stays
    after_empty = [str(t) for t in layer.get_vocabulary()]
    fresh = keras.layers.TextVectorization()
    fresh_vocab = [str(t) for t in fresh.get_vocabulary()]
    extra = {
        "set_vocabulary": {
            "queries": QUERIES[:4],
            "without_special": {"given": ["movie", "great", "bad"], "vocabulary": without,
                                "batch": without_out},
            "with_special": {"given": ["", "[UNK]", "bad", "movie"], "vocabulary": with_special,
                             "batch": with_out},
        },
        "adapt_x_y_y_then_empty": after_empty,
        "unadapted_vocabulary": fresh_vocab,
    }
    return {"keras_version": keras.__version__, "cases": cases, **extra}


def pad_sequences_cases():
    int_inputs = {
        "ragged": [[1, 2, 3], [4, 5], [], [6, 7, 8, 9, 10], [11]],
        "all_empty": [[], []],
        "one": [[3, 1, 4, 1, 5, 9, 2, 6]],
    }
    float_inputs = {"ragged_float": [[0.5, -1.25, 3.0], [], [2.5], [1e-3, 2e3, -7.5, 0.25]]}
    cases = []
    for maxlen in [None, 1, 3, 4, 7]:
        for padding in ["pre", "post"]:
            for truncating in ["pre", "post"]:
                for value in [0, -1]:
                    for name, seqs in int_inputs.items():
                        out = keras.utils.pad_sequences(
                            seqs, maxlen=maxlen, padding=padding, truncating=truncating,
                            value=value)
                        cases.append({"input": name, "dtype": "int32", "sequences": seqs,
                                      "maxlen": maxlen, "padding": padding,
                                      "truncating": truncating, "value": value,
                                      "expected": out.tolist(), "shape": list(out.shape)})
                    for name, seqs in float_inputs.items():
                        out = keras.utils.pad_sequences(
                            seqs, maxlen=maxlen, dtype="float32", padding=padding,
                            truncating=truncating, value=value + 0.5)
                        cases.append({"input": name, "dtype": "float32", "sequences": seqs,
                                      "maxlen": maxlen, "padding": padding,
                                      "truncating": truncating, "value": value + 0.5,
                                      "expected": out.tolist(), "shape": list(out.shape)})
    # maxlen 0 with "post" truncating works in Keras (s[:0] is empty)
    seqs = int_inputs["ragged"]
    out = keras.utils.pad_sequences(seqs, maxlen=0, truncating="post")
    cases.append({"input": "ragged", "dtype": "int32", "sequences": seqs, "maxlen": 0,
                  "padding": "pre", "truncating": "post", "value": 0,
                  "expected": out.tolist(), "shape": list(out.shape)})
    # sequences of feature vectors (n, t_i, 2)
    vec = [[[1, 2], [3, 4], [5, 6]], [], [[7, 8]]]
    vec_cases = []
    for maxlen in [None, 2, 4]:
        for padding in ["pre", "post"]:
            for truncating in ["pre", "post"]:
                out = keras.utils.pad_sequences(vec, maxlen=maxlen, dtype="float32",
                                                padding=padding, truncating=truncating,
                                                value=-9.0)
                vec_cases.append({"sequences": vec, "maxlen": maxlen, "padding": padding,
                                  "truncating": truncating, "value": -9.0,
                                  "expected": out.tolist(), "shape": list(out.shape)})
    # Keras' failures, for the error tests
    failures = {}
    for label, kwargs in {
        "maxlen_0_pre": {"sequences": [[1, 2]], "maxlen": 0},
        "no_sequences_no_maxlen": {"sequences": []},
        "bad_padding": {"sequences": [[1]], "padding": "middle"},
        "bad_truncating": {"sequences": [[1, 2]], "maxlen": 1, "truncating": "both"},
    }.items():
        try:
            keras.utils.pad_sequences(**kwargs)
            failures[label] = None
        except Exception as e:  # noqa: BLE001
            failures[label] = f"{type(e).__name__}: {e}"
    return {"keras_version": keras.__version__, "cases": cases, "vector_cases": vec_cases,
            "keras_failures": failures}


# A small aclImdb-like tree: class folders, an extra folder (unsup) that class_names leaves
# out, a hidden folder, nested folders whose sorted order differs from a depth-first walk,
# upper-case and non-.txt extensions, a file at the top (ignored), empty and UTF-8 texts.
TREE = {
    "neg/0_3.txt": "A dull film. Not good!",
    "neg/10_1.txt": "Worst movie ever, utterly boring.",
    "neg/9_2.txt": "Bad acting; bad plot.",
    "neg/_under.txt": "",
    "neg/Upper.TXT": "Upper-case extension counts (Keras lowers the name).",
    "neg/notes.md": "not a text file",
    "neg/a/x/deep.txt": "deep inside a/x",
    "neg/a-b/side.txt": "sorted before a/x (the walk sorts full folder paths)",
    "neg/a/top.txt": "in a",
    "pos/1_10.txt": "Great film, loved it. <br />Café crème, naïve “quotes” — 😀",
    "pos/2_8.txt": "Wonderful acting and a fine story.",
    "pos/.hidden.txt": "a hidden file inside a class folder is read",
    "pos/b.txt": "Bee",
    "pos/B.txt": "Capital Bee (sorted before lower case)",
    "unsup/0_0.txt": "unlabelled review",
    "unsup/1_0.txt": "another unlabelled review",
    ".cache/skip.txt": "hidden folder: never a class",
    "README.txt": "a file at the top is not in any class",
}


def write_tree(base):
    for rel, text in TREE.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def text_directory_cases():
    tmp = pathlib.Path(tempfile.mkdtemp())
    try:
        base = tmp / "train"
        write_tree(base)
        runs = []
        for class_names in [None, ["neg", "pos"], ["pos", "neg"]]:
            ds = keras.utils.text_dataset_from_directory(
                str(base), class_names=class_names, shuffle=False, batch_size=None,
                verbose=False)
            texts, labels = [], []
            for x, y in ds:
                texts.append(x.numpy().decode("utf-8"))
                labels.append(int(y.numpy()))
            paths, _, names = dataset_utils.index_directory(
                str(base), "inferred", formats=(".txt",), class_names=class_names,
                shuffle=False, verbose=False)
            runs.append({
                "class_names_given": class_names,
                "class_names": list(names),
                "files": [os.path.relpath(p, base) for p in paths],
                "texts": texts,
                "labels": labels,
            })
        seeded = []
        for seed, split in [(1337, 0.2), (42, 0.5), (7, 0.34)]:
            paths, labels, names = dataset_utils.index_directory(
                str(base), "inferred", formats=(".txt",), class_names=["neg", "pos"],
                shuffle=True, seed=seed, verbose=False)
            subsets = {}
            for subset in ["training", "validation"]:
                ds = keras.utils.text_dataset_from_directory(
                    str(base), class_names=["neg", "pos"], shuffle=True, seed=seed,
                    validation_split=split, subset=subset, batch_size=None, verbose=False)
                subsets[subset] = sorted(x.numpy().decode("utf-8") for x, _ in ds)
            seeded.append({
                "seed": seed,
                "validation_split": split,
                "files": [os.path.relpath(p, base) for p in paths],
                "labels": [int(v) for v in labels],
                "training_texts_sorted": subsets["training"],
                "validation_texts_sorted": subsets["validation"],
            })
        shuffles = []
        for seed, n in [(0, 10), (1, 1), (1337, 25000), (4294967295, 17), (123456, 2), (99, 0)]:
            idx = list(range(n))
            np.random.RandomState(seed).shuffle(idx)
            shuffles.append({"seed": seed, "n": n,
                             "first": idx[:50], "last": idx[-50:], "sum_i_times_x":
                             int(sum(i * x for i, x in enumerate(idx)))})
        return {
            "keras_version": keras.__version__,
            "tree": {rel: text.encode("utf-8").hex() for rel, text in TREE.items()},
            "runs": runs,
            "seeded": seeded,
            "random_state_shuffles": shuffles,
        }
    finally:
        shutil.rmtree(tmp)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in [
        ("text_vectorization.json", text_vectorization_cases()),
        ("pad_sequences.json", pad_sequences_cases()),
        ("text_directory.json", text_directory_cases()),
    ]:
        (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
