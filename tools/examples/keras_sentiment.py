"""The sentiment example (Sentiment) trained in Keras 3.15.1 for the README's side-by-side table:
the same bundled UCI sentences and split (every fifth sentence tests), TextVectorization(max_tokens
4000, output_sequence_length 32) adapted on the training sentences, Embedding(4000, 32,
mask_zero) -> Bidirectional(LSTM(32)) -> Dense(1, sigmoid), Adam 1e-3, binary cross-entropy, batch
32, validation_split 0.2, up to 15 epochs with EarlyStopping(val_loss, patience 3,
restore_best_weights); several seeds.

    KERAS_BACKEND=tensorflow .venv/bin/python tools/examples/keras_sentiment.py [--seeds 3]
"""

import argparse
import json
import os
import pathlib
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "examples/src/main/resources/data/sentiment-labelled-sentences"
FILES = ["amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"]


def read():
    texts, labels = [], []
    for name in FILES:
        with open(DATA / name, encoding="utf-8", newline="\n") as f:
            for line in f.read().split("\n"):
                if line:
                    text, label = line.rsplit("\t", 1)
                    texts.append(text)
                    labels.append(float(label))
    return texts, np.asarray(labels, dtype="float32")[:, None]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--full", action="store_true")
    a = p.parse_args()
    texts, labels = read()
    test = [i for i in range(len(texts)) if i % 5 == 4]
    train = [i for i in range(len(texts)) if i % 5 != 4]
    vectorize = keras.layers.TextVectorization(max_tokens=4000, output_sequence_length=32)
    vectorize.adapt([texts[i] for i in train])
    x = np.asarray(vectorize([texts[i] for i in train]))
    tx = np.asarray(vectorize([texts[i] for i in test]))
    y, ty = labels[train], labels[test]
    accuracies = []
    for seed in range(a.seeds):
        keras.utils.set_random_seed(seed)
        m = keras.Sequential([
            keras.Input((32,), dtype="int32"),
            keras.layers.Embedding(4000, 32, mask_zero=True),
            keras.layers.Bidirectional(keras.layers.LSTM(32)),
            keras.layers.Dense(1, activation="sigmoid")])
        m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
                  metrics=["accuracy"])
        early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                              restore_best_weights=True)
        start = time.perf_counter()
        h = m.fit(x, y, epochs=40 if a.full else 15, batch_size=32, validation_split=0.2,
                  callbacks=[early], verbose=0)
        seconds = time.perf_counter() - start
        epochs = len(h.history["loss"])
        loss, accuracy = m.evaluate(tx, ty, verbose=0)
        accuracies.append(accuracy)
        print(f"seed {seed}: test accuracy {accuracy:.4f}, loss {loss:.4f}, {epochs} epochs, "
              f"{seconds / epochs:.2f} s/epoch")
    print(f"test accuracy over {a.seeds} seeds: mean {np.mean(accuracies):.4f}, "
          f"range {min(accuracies):.4f}-{max(accuracies):.4f}")
    print(json.dumps([round(v, 4) for v in accuracies]))


if __name__ == "__main__":
    main()
