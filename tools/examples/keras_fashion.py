"""The images example (FashionRows) trained in Keras 3.15.1 for the README's side-by-side table:
the same bundled Fashion-MNIST subset (3,000 training, 1,000 test images; --full: Debian's full
files), rows as timesteps, LSTM(64) -> Dense(10, softmax), Adam 1e-3, sparse categorical
cross-entropy, batch 64, validation_split 0.1, 8 epochs (10 with --full), several seeds.

    KERAS_BACKEND=tensorflow .venv/bin/python tools/examples/keras_fashion.py [--seeds 3] [--full]
"""

import argparse
import gzip
import json
import os
import pathlib
import struct
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "examples/src/main/resources/data/fashion-mnist"
DEBIAN = pathlib.Path("/usr/share/datasets/fashion-mnist")


def idx(path):
    data = gzip.open(path).read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4: 4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--full", action="store_true")
    a = p.parse_args()
    d = DEBIAN if a.full else BUNDLED
    x = idx(d / "train-images-idx3-ubyte.gz").astype("float32") / 255
    y = idx(d / "train-labels-idx1-ubyte.gz").astype("int32")
    tx = idx(d / "t10k-images-idx3-ubyte.gz").astype("float32") / 255
    ty = idx(d / "t10k-labels-idx1-ubyte.gz").astype("int32")
    print(f"{len(x)} training and {len(tx)} test images from {d}")
    accuracies = []
    for seed in range(a.seeds):
        keras.utils.set_random_seed(seed)
        m = keras.Sequential([keras.Input((28, 28)), keras.layers.LSTM(64),
                              keras.layers.Dense(10, activation="softmax")])
        m.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        start = time.perf_counter()
        epochs = 10 if a.full else 8
        m.fit(x, y, epochs=epochs, batch_size=64, validation_split=0.1, verbose=0)
        seconds = time.perf_counter() - start
        loss, accuracy = m.evaluate(tx, ty, verbose=0)
        accuracies.append(accuracy)
        print(f"seed {seed}: test accuracy {accuracy:.4f}, loss {loss:.4f}, "
              f"{seconds / epochs:.2f} s/epoch")
    print(f"test accuracy over {a.seeds} seeds: mean {np.mean(accuracies):.4f}, "
          f"range {min(accuracies):.4f}-{max(accuracies):.4f}")
    print(json.dumps([round(v, 4) for v in accuracies]))


if __name__ == "__main__":
    main()
