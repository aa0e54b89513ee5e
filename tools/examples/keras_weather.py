"""The weather examples (WeatherForecast, RecurrentKinds) trained in Keras 3.15.1, for the README's
side-by-side table: the same CSV, windows, chronological split, standardisation (fitted on the
training windows' days), model, optimizer, batch size, epochs, early stopping and validation split
as the Java examples; several seeds, since one run says little.

    KERAS_BACKEND=tensorflow .venv/bin/python tools/examples/keras_weather.py [--seeds 3] [--full]

Prints, per cell kind and seed, the test MAE in degrees C, the epochs run and the seconds per
epoch, then the mean and range over the seeds.
"""

import argparse
import csv
import datetime
import json
import os
import pathlib
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CSV = ROOT / "examples/src/main/resources/data/seattle-weather/seattle-weather.csv"
DAYS = 14
VALIDATION_SPLIT = 0.2
TEMP_MAX = 1


def read():
    dates, rows = [], []
    with open(CSV) as f:
        for r in csv.DictReader(f):
            dates.append(datetime.datetime.strptime(r["date"], "%Y/%m/%d").date())
            rows.append([float(r["precipitation"]), float(r["temp_max"]),
                         float(r["temp_min"]), float(r["wind"])])
    return dates, np.asarray(rows, dtype=np.float32)


def windows(dates, raw):
    n = len(raw) - DAYS
    first_test = next(w for w in range(n) if dates[w + DAYS] >= datetime.date(2015, 1, 1))
    train_only = int(np.floor(first_test * (1 - VALIDATION_SPLIT)))
    fit_days = raw[: train_only + DAYS].astype(np.float64)
    mean, std = fit_days.mean(axis=0), fit_days.std(axis=0)
    z = ((raw - mean) / std).astype(np.float32)
    x = np.stack([z[w: w + DAYS] for w in range(n)])
    y = z[DAYS:, TEMP_MAX: TEMP_MAX + 1]
    return x[:first_test], y[:first_test], x[first_test:], y[first_test:], std[TEMP_MAX]


def model(kind):
    layer = {"SimpleRNN": keras.layers.SimpleRNN, "LSTM": keras.layers.LSTM,
             "GRU": keras.layers.GRU}[kind]
    m = keras.Sequential([keras.Input((DAYS, 4)), layer(32), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--full", action="store_true")
    p.add_argument("--kinds", default="SimpleRNN,LSTM,GRU")
    a = p.parse_args()
    dates, raw = read()
    train_x, train_y, test_x, test_y, std = windows(dates, raw)
    persistence = np.abs(test_x[:, -1, TEMP_MAX] - test_y[:, 0]).mean() * std
    print(f"{len(train_x)} training windows, {len(test_x)} test windows; "
          f"naive (today's maximum) test MAE {persistence:.2f} C")
    results = {}
    for kind in a.kinds.split(","):
        for seed in range(a.seeds):
            keras.utils.set_random_seed(seed)
            m = model(kind)
            early = keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=20 if a.full else 8, restore_best_weights=True)
            start = time.perf_counter()
            h = m.fit(train_x, train_y, epochs=300 if a.full else 60, batch_size=32,
                      validation_split=VALIDATION_SPLIT, callbacks=[early], verbose=0)
            seconds = time.perf_counter() - start
            epochs = len(h.history["loss"])
            mae = float(np.abs(m.predict(test_x, verbose=0)[:, 0] - test_y[:, 0]).mean() * std)
            results.setdefault(kind, []).append(mae)
            print(f"{kind:10s} seed {seed}: test MAE {mae:.2f} C, {epochs} epochs, "
                  f"{seconds / epochs * 1e3:.0f} ms/epoch")
    for kind, maes in results.items():
        print(f"{kind:10s} test MAE over {len(maes)} seeds: mean {np.mean(maes):.2f} C, "
              f"range {min(maes):.2f}-{max(maes):.2f}")
    print(json.dumps({k: [round(v, 3) for v in vs] for k, vs in results.items()}))


if __name__ == "__main__":
    main()
