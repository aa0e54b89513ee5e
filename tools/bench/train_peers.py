"""Times one training step (forward, loss, backward, Adam update) of the benchmark models M1, M2
and M3 in PyTorch (eager, CPU) and Keras 3 on TensorFlow (CPU, train_on_batch), for TrainingReport.

    .venv/bin/python tools/bench/train_peers.py --models M1 M2 M3 --batches 32 128 --threads 1

M1 = (30, 1) -> LSTM(64, seq) -> LSTM(32) -> Dense(16, relu) -> Dense(1), MSE.
M2 = 200 int tokens -> Embedding(10000, 64) -> LSTM(128) -> Dense(1, sigmoid), binary
cross-entropy (from the logits in both: nn.BCEWithLogitsLoss; Keras on TensorFlow does the same
behind a sigmoid). Adam with learning rate 0.001 everywhere; Adam updates the whole Embedding
table (dense gradients, as rnnc).
M3 = (100, 8) -> GRU(128) -> Dense(1), MSE (nn.GRU is Keras' default reset_after=True GRU).

Each framework runs in its own process (so one's thread pools cannot disturb the other's), with
`threads` intra-op threads (torch.set_num_threads; TensorFlow's intra-op pool) and one inter-op
thread. Per (model, batch): `warmup` steps, then `repeats` timings of `steps` steps each on the
same seeded batch; the step time is the median of those timings divided by `steps`. Prints one
JSON object on stdout: {"results": [{framework, version, model, batch, threads, step_seconds
(median), step_seconds_all, samples_per_second}...]}.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

T1, T2, T3, VOCAB = 30, 200, 100, 10000


def data(model, batch):
    import numpy as np
    rng = np.random.default_rng(2026)
    if model == "M1":
        x = rng.standard_normal((batch, T1, 1), dtype=np.float32)
        y = rng.standard_normal((batch, 1), dtype=np.float32)
    elif model == "M3":
        x = rng.standard_normal((batch, T3, 8), dtype=np.float32)
        y = rng.standard_normal((batch, 1), dtype=np.float32)
    else:
        x = rng.integers(0, VOCAB, size=(batch, T2), dtype=np.int64)
        y = rng.integers(0, 2, size=(batch, 1)).astype(np.float32)
    return x, y


def time_steps(step, warmup, repeats, steps):
    for _ in range(warmup):
        step()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        timings.append((time.perf_counter() - start) / steps)
    return timings


def torch_step(model, batch, threads):
    import torch
    from torch import nn
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    class M1(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.LSTM(1, 64, batch_first=True)
            self.summary = nn.LSTM(64, 32, batch_first=True)
            self.hidden = nn.Linear(32, 16)
            self.head = nn.Linear(16, 1)

        def forward(self, x):
            h, _ = self.encoder(x)
            _, (h, _) = self.summary(h)
            return self.head(torch.relu(self.hidden(h[-1])))

    class M2(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(VOCAB, 64)
            self.lstm = nn.LSTM(64, 128, batch_first=True)
            self.out = nn.Linear(128, 1)

        def forward(self, ids):
            _, (h, _) = self.lstm(self.embedding(ids))
            return self.out(h[-1])  # logits; the loss applies the sigmoid

    class M3(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(8, 128, batch_first=True)
            self.out = nn.Linear(128, 1)

        def forward(self, x):
            _, h = self.gru(x)
            return self.out(h[-1])

    net = {"M1": M1, "M2": M2, "M3": M3}[model]()
    loss_fn = nn.BCEWithLogitsLoss() if model == "M2" else nn.MSELoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    x, y = data(model, batch)
    x, y = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step, torch.__version__


def keras_step(model, batch, threads):
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    import keras
    from keras import layers
    keras.utils.set_random_seed(0)
    if model == "M1":
        net = keras.Sequential([keras.Input((T1, 1)),
                                layers.LSTM(64, return_sequences=True, name="encoder"),
                                layers.LSTM(32, name="summary"),
                                layers.Dense(16, activation="relu", name="hidden"),
                                layers.Dense(1, name="head")])
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    elif model == "M3":
        net = keras.Sequential([keras.Input((T3, 8)),
                                layers.GRU(128, name="gru"),
                                layers.Dense(1, name="out")])
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
    else:
        net = keras.Sequential([keras.Input((T2,), dtype="int32"),
                                layers.Embedding(VOCAB, 64, name="embedding"),
                                layers.LSTM(128, name="lstm"),
                                layers.Dense(1, activation="sigmoid", name="out")])
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    x, y = data(model, batch)
    if model == "M2":
        x = x.astype("int32")

    def step():
        return net.train_on_batch(x, y)

    return step, f"keras {keras.__version__} / tensorflow {tf.__version__}"


def run_one(framework, models, batches, threads, warmup, repeats, steps):
    results = []
    for model in models:
        for batch in batches:
            make = torch_step if framework == "torch" else keras_step
            step, version = make(model, batch, threads)
            timings = time_steps(step, warmup, repeats, steps)
            median = statistics.median(timings)
            results.append({"framework": framework, "version": version, "model": model,
                            "batch": batch, "threads": threads, "step_seconds": median,
                            "step_seconds_all": timings, "samples_per_second": batch / median})
            print(f"{framework} {model} batch {batch}: {median * 1e3:.2f} ms/step,"
                  f" {batch / median:,.0f} samples/s", file=sys.stderr)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["M1", "M2", "M3"],
                        choices=["M1", "M2", "M3"])
    parser.add_argument("--batches", nargs="+", type=int, default=[32, 128])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--frameworks", nargs="+", default=["torch", "keras"],
                        choices=["torch", "keras"])
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    parser.add_argument("--repeats", type=int, default=5, help="timings; the median is reported")
    parser.add_argument("--steps", type=int, default=5, help="steps per timing")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        results = run_one(args.frameworks[0], args.models, args.batches, args.threads,
                          args.warmup, args.repeats, args.steps)
        print(json.dumps({"results": results}))
        return
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", OMP_NUM_THREADS=str(args.threads),
               MKL_NUM_THREADS=str(args.threads))
    results = []
    for framework in args.frameworks:
        command = [sys.executable, os.path.abspath(__file__), "--child",
                   "--frameworks", framework, "--models", *args.models,
                   "--batches", *map(str, args.batches), "--threads", str(args.threads),
                   "--warmup", str(args.warmup), "--repeats", str(args.repeats),
                   "--steps", str(args.steps)]
        out = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True, text=True).stdout
        results += json.loads(out.strip().splitlines()[-1])["results"]
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
