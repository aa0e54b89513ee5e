"""Keras 3.15 fixtures for rnnc's training runtime (dev.rnnc.runtime.train): losses with their
gradients, optimizer trajectories, streaming metrics, callback decisions, the progress bar's text
and CSVLogger's file. Everything comes from real Keras 3.15.1 on the TensorFlow backend, never from
rnnc. The Java tests read the JSON files and never need Python.

Writes runtime/src/test/resources/train/{losses,optimizers,metrics,callbacks,progbar,csv_logger,fit}.json.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_training_runtime.py
"""
import contextlib
import io
import json
import os
import pathlib
import tempfile
import zlib

import numpy as np
import keras
import tensorflow as tf
from keras.src import backend
from keras.src.utils import progbar as progbar_module

OUT = pathlib.Path("runtime/src/test/resources/train")


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def flat(a):
    return None if a is None else np.asarray(a, dtype=np.float64).reshape(-1).tolist()


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"keras_version": keras.__version__, "backend": keras.backend.backend(), **payload}
    (OUT / name).write_text(json.dumps(payload, indent=1) + "\n")
    print("wrote", OUT / name)


# ---------------------------------------------------------------- losses

def loss_case(case, loss, kind, samples, timesteps, width, weights=False, mask=False, y_pred=None, y_true=None,
              config=None):
    """kind: regression | probability | logits | onehot_probability | onehot_logits | sparse_probability |
    sparse_logits. Shapes (B, C) when timesteps == 0, else (B, T, C)."""
    rng = rng_for(case)
    shape = (samples, width) if timesteps == 0 else (samples, timesteps, width)
    rows = shape[:-1]
    if y_pred is None:
        if kind in ("regression", "logits", "onehot_logits", "sparse_logits"):
            y_pred = rng.normal(0, 1.5, shape)
        elif kind == "probability":
            y_pred = rng.uniform(0, 1, shape)
        else:  # a softmax-like distribution per row (CCE renormalises anyway)
            e = rng.uniform(0.05, 1, shape)
            y_pred = e / e.sum(-1, keepdims=True)
    y_pred = np.asarray(y_pred, dtype=np.float32).reshape(shape)
    if y_true is None:
        if kind == "regression":
            y_true = rng.normal(0, 1, shape)
        elif kind in ("probability", "logits"):
            y_true = (rng.uniform(0, 1, shape) > 0.5).astype(np.float32)
        elif kind.startswith("onehot"):
            y_true = np.eye(width)[rng.integers(0, width, rows)]
        else:
            y_true = rng.integers(0, width, rows)
    y_true = np.asarray(y_true, dtype=np.float32)
    sw = rng.uniform(0, 2, rows).astype(np.float32) if weights else None
    m = None
    if isinstance(mask, str) and mask == "none_valid":
        m = np.zeros(rows, bool)
    elif mask:
        m = rng.uniform(0, 1, rows) > 0.3
        m.reshape(-1)[0] = False
    pred = tf.constant(y_pred)
    with tf.GradientTape() as tape:
        tape.watch(pred)
        p = tf.identity(pred)
        if m is not None:
            backend.set_keras_mask(p, tf.constant(m))
        value = loss(tf.constant(y_true), p, sample_weight=None if sw is None else tf.constant(sw))
    grad = tape.gradient(value, pred)
    return {
        "case": case, "loss": loss.__class__.__name__, "name": loss.name, "config": config or {},
        "samples": samples, "timesteps": max(timesteps, 1), "width": width,
        "y_true": flat(y_true), "y_pred": flat(y_pred), "weights": flat(sw),
        "mask": None if m is None else m.reshape(-1).tolist(),
        "expected_loss": float(value.numpy()), "expected_gradient": flat(grad.numpy()),
    }


def losses():
    L = keras.losses
    cases = [
        loss_case("mse", L.MeanSquaredError(), "regression", 5, 0, 3),
        loss_case("mse_weighted", L.MeanSquaredError(), "regression", 5, 0, 3, weights=True),
        loss_case("mse_seq_masked", L.MeanSquaredError(), "regression", 3, 4, 2, mask=True),
        loss_case("mse_seq_weighted_masked", L.MeanSquaredError(), "regression", 3, 4, 2, weights=True, mask=True),
        loss_case("mse_seq_all_masked", L.MeanSquaredError(), "regression", 2, 2, 2, mask="none_valid"),
        loss_case("mae", L.MeanAbsoluteError(), "regression", 4, 0, 3,
                  y_pred=[[0.5, 1, -2], [0, 0, 0], [1, 2, 3], [-1, 0.25, 4]],
                  y_true=[[0.5, 0, 0], [0, 1, -1], [3, 2, 1], [1, 0.25, 4]]),
        loss_case("mae_seq_weighted", L.MeanAbsoluteError(), "regression", 2, 3, 4, weights=True),
        loss_case("huber", L.Huber(), "regression", 6, 0, 3),
        loss_case("huber_delta_0_5_masked", L.Huber(delta=0.5), "regression", 3, 3, 2, mask=True,
                  config={"delta": 0.5}),
        loss_case("bce", L.BinaryCrossentropy(), "probability", 6, 0, 1),
        loss_case("bce_clipped", L.BinaryCrossentropy(), "probability", 3, 0, 2,
                  y_pred=[[0.0, 1.0], [1e-9, 0.99999999], [0.5, 1e-7]], y_true=[[0, 1], [1, 0], [1, 1]]),
        loss_case("bce_wide_weighted", L.BinaryCrossentropy(), "probability", 4, 0, 3, weights=True),
        loss_case("bce_logits", L.BinaryCrossentropy(from_logits=True), "logits", 5, 0, 2,
                  config={"from_logits": True}),
        loss_case("bce_logits_seq_masked", L.BinaryCrossentropy(from_logits=True), "logits", 3, 4, 1, mask=True,
                  config={"from_logits": True}),
        loss_case("bce_label_smoothing", L.BinaryCrossentropy(label_smoothing=0.1), "probability", 4, 0, 2,
                  config={"label_smoothing": 0.1}),
        loss_case("cce", L.CategoricalCrossentropy(), "onehot_probability", 5, 0, 4),
        loss_case("cce_unnormalised_clipped", L.CategoricalCrossentropy(), "onehot_probability", 3, 0, 3,
                  y_pred=[[0.2, 0.2, 0.4], [0.0, 1.0, 0.0], [1e-9, 0.5, 0.5]], y_true=[[0, 0, 1], [1, 0, 0], [0, 1, 0]]),
        loss_case("cce_soft_labels", L.CategoricalCrossentropy(), "onehot_probability", 3, 0, 3,
                  y_true=[[0.2, 0.3, 0.5], [0, 0.5, 0.5], [1, 0, 0]]),
        loss_case("cce_logits", L.CategoricalCrossentropy(from_logits=True), "onehot_logits", 5, 0, 4,
                  config={"from_logits": True}),
        loss_case("cce_logits_soft_labels", L.CategoricalCrossentropy(from_logits=True), "onehot_logits", 3, 0, 3,
                  y_true=[[0.2, 0.3, 0.5], [0, 0.5, 0.5], [1, 0, 0]], config={"from_logits": True}),
        loss_case("cce_logits_seq_weighted_masked", L.CategoricalCrossentropy(from_logits=True), "onehot_logits",
                  2, 3, 3, weights=True, mask=True, config={"from_logits": True}),
        loss_case("cce_label_smoothing", L.CategoricalCrossentropy(label_smoothing=0.2), "onehot_probability",
                  4, 0, 3, config={"label_smoothing": 0.2}),
        loss_case("sparse_cce", L.SparseCategoricalCrossentropy(), "sparse_probability", 5, 0, 4),
        loss_case("sparse_cce_clipped", L.SparseCategoricalCrossentropy(), "sparse_probability", 3, 0, 3,
                  y_pred=[[0.0, 1.0, 0.0], [0.3, 0.3, 0.3], [1e-9, 0.6, 0.2]], y_true=[0, 1, 2]),
        loss_case("sparse_cce_logits", L.SparseCategoricalCrossentropy(from_logits=True), "sparse_logits", 6, 0, 5,
                  config={"from_logits": True}),
        loss_case("sparse_cce_logits_seq_masked", L.SparseCategoricalCrossentropy(from_logits=True),
                  "sparse_logits", 3, 5, 4, mask=True, config={"from_logits": True}),
        loss_case("sparse_cce_seq_weighted", L.SparseCategoricalCrossentropy(), "sparse_probability", 2, 3, 3,
                  weights=True),
    ]
    write("losses.json", {"epsilon": backend.epsilon(), "cases": cases})


# ---------------------------------------------------------------- optimizers

def optimizer_case(case, make, steps=5, shapes=((3, 4), (4,), (2, 3)), padding=True, config=None):
    """Applies `steps` random gradients to three variables. The last column of the first variable
    and the last entry of the second stand for packed padding: zero values, zero gradients."""
    rng = rng_for(case)
    init = [rng.normal(0, 1, s).astype(np.float32) for s in shapes]
    grads = [[rng.normal(0, 1, s).astype(np.float32) for s in shapes] for _ in range(steps)]
    if padding:
        init[0][:, -1] = 0
        init[1][-1] = 0
        for g in grads:
            g[0][:, -1] = 0
            g[1][-1] = 0
    opt = make()
    variables = [keras.Variable(v, name=f"v{i}") for i, v in enumerate(init)]
    trajectory, learning_rates = [], []
    for g in grads:
        learning_rates.append(float(np.asarray(opt.learning_rate)))
        opt.apply([tf.constant(x) for x in g], variables)
        trajectory.append([flat(v.numpy()) for v in variables])
    slots = {}
    for v in opt.variables:
        if v.path.endswith("iteration") or v.path.endswith("learning_rate"):
            continue
        slots[v.path] = flat(v.numpy())
    return {
        "case": case, "optimizer": opt.__class__.__name__, "config": config or {},
        "shapes": [list(s) for s in shapes], "initial": [flat(v) for v in init],
        "gradients": [[flat(x) for x in g] for g in grads],
        "expected": trajectory, "learning_rates": learning_rates,
        "iterations": int(opt.iterations.numpy()), "slots": slots,
    }


def optimizers():
    O = keras.optimizers
    S = keras.optimizers.schedules
    cases = [
        optimizer_case("sgd", lambda: O.SGD(learning_rate=0.1), config={"learning_rate": 0.1}),
        optimizer_case("sgd_momentum", lambda: O.SGD(learning_rate=0.05, momentum=0.9),
                       config={"learning_rate": 0.05, "momentum": 0.9}),
        optimizer_case("sgd_nesterov", lambda: O.SGD(learning_rate=0.05, momentum=0.8, nesterov=True),
                       config={"learning_rate": 0.05, "momentum": 0.8, "nesterov": True}),
        optimizer_case("sgd_weight_decay", lambda: O.SGD(learning_rate=0.1, weight_decay=0.01),
                       config={"learning_rate": 0.1, "weight_decay": 0.01}),
        optimizer_case("adam", lambda: O.Adam(), steps=6, config={}),
        optimizer_case("adam_custom", lambda: O.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-4),
                       config={"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}),
        optimizer_case("adam_amsgrad", lambda: O.Adam(learning_rate=0.01, amsgrad=True), steps=6,
                       config={"learning_rate": 0.01, "amsgrad": True}),
        optimizer_case("adamw", lambda: O.AdamW(learning_rate=0.01), config={"learning_rate": 0.01}),
        optimizer_case("adamw_decay_amsgrad", lambda: O.AdamW(learning_rate=0.02, weight_decay=0.1, amsgrad=True),
                       config={"learning_rate": 0.02, "weight_decay": 0.1, "amsgrad": True}),
        optimizer_case("rmsprop", lambda: O.RMSprop(), config={}),
        optimizer_case("rmsprop_momentum_centered",
                       lambda: O.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True, epsilon=1e-6),
                       config={"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True,
                               "epsilon": 1e-6}),
        optimizer_case("adagrad", lambda: O.Adagrad(learning_rate=0.1), config={"learning_rate": 0.1}),
        optimizer_case("adagrad_custom",
                       lambda: O.Adagrad(learning_rate=0.05, initial_accumulator_value=0.5, epsilon=1e-3),
                       config={"learning_rate": 0.05, "initial_accumulator_value": 0.5, "epsilon": 1e-3}),
        optimizer_case("clipnorm", lambda: O.SGD(learning_rate=0.1, clipnorm=1.0),
                       config={"learning_rate": 0.1, "clipnorm": 1.0}),
        optimizer_case("clipvalue", lambda: O.Adam(learning_rate=0.01, clipvalue=0.5),
                       config={"learning_rate": 0.01, "clipvalue": 0.5}),
        optimizer_case("global_clipnorm", lambda: O.RMSprop(learning_rate=0.01, global_clipnorm=1.5),
                       config={"learning_rate": 0.01, "global_clipnorm": 1.5}),
        optimizer_case("clipnorm_weight_decay", lambda: O.AdamW(learning_rate=0.01, clipnorm=0.7),
                       config={"learning_rate": 0.01, "clipnorm": 0.7}),
        optimizer_case("exponential_decay",
                       lambda: O.SGD(learning_rate=S.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)),
                       steps=6, config={"schedule": "exponential", "initial_learning_rate": 0.1, "decay_steps": 2,
                                        "decay_rate": 0.5, "staircase": False}),
        optimizer_case("exponential_decay_staircase",
                       lambda: O.Adam(learning_rate=S.ExponentialDecay(0.01, decay_steps=2, decay_rate=0.7,
                                                                       staircase=True)),
                       steps=6, config={"schedule": "exponential", "initial_learning_rate": 0.01, "decay_steps": 2,
                                        "decay_rate": 0.7, "staircase": True}),
        optimizer_case("cosine_decay",
                       lambda: O.SGD(learning_rate=S.CosineDecay(0.1, decay_steps=4, alpha=0.1)), steps=7,
                       config={"schedule": "cosine", "initial_learning_rate": 0.1, "decay_steps": 4, "alpha": 0.1}),
        optimizer_case("cosine_decay_warmup",
                       lambda: O.Adam(learning_rate=S.CosineDecay(0.0, decay_steps=5, alpha=0.0, warmup_target=0.01,
                                                                  warmup_steps=3)), steps=10,
                       config={"schedule": "cosine", "initial_learning_rate": 0.0, "decay_steps": 5, "alpha": 0.0,
                               "warmup_target": 0.01, "warmup_steps": 3}),
    ]
    write("optimizers.json", {"cases": cases})


# ---------------------------------------------------------------- metrics

def metric_case(case, metric, kind, batches, timesteps, width, weights=False, mask=False):
    rng = rng_for(case)
    updates = []
    for batch_size in batches:
        shape = (batch_size, width) if timesteps == 0 else (batch_size, timesteps, width)
        rows = shape[:-1]
        if kind == "binary":
            y_true = (rng.uniform(0, 1, shape) > 0.5).astype(np.float32)
            y_pred = rng.uniform(0, 1, shape).astype(np.float32)
            y_pred.reshape(-1)[0] = 0.5  # exactly the threshold: not "> 0.5"
        elif kind == "categorical":
            y_true = np.eye(width, dtype=np.float32)[rng.integers(0, width, rows)]
            y_pred = rng.uniform(0, 1, shape).astype(np.float32)
        elif kind == "sparse":
            y_true = rng.integers(0, width, rows).astype(np.float32)
            y_pred = rng.uniform(0, 1, shape).astype(np.float32)
        else:
            y_true = rng.normal(0, 1, shape).astype(np.float32)
            y_pred = rng.normal(0, 1, shape).astype(np.float32)
        sw = rng.uniform(0, 2, rows).astype(np.float32) if weights else None
        m = (rng.uniform(0, 1, rows) > 0.3) if mask else None
        p = tf.constant(y_pred)
        if m is not None:
            backend.set_keras_mask(p, tf.constant(m))
        metric.update_state(tf.constant(y_true), p, sample_weight=None if sw is None else tf.constant(sw))
        updates.append({"samples": batch_size, "y_true": flat(y_true), "y_pred": flat(y_pred), "weights": flat(sw),
                        "mask": None if m is None else m.reshape(-1).tolist(),
                        "expected": float(metric.result().numpy())})
    return {"case": case, "metric": metric.__class__.__name__, "name": metric.name,
            "timesteps": max(timesteps, 1), "width": width, "updates": updates}


def metrics():
    M = keras.metrics
    cases = [
        metric_case("binary_accuracy", M.BinaryAccuracy(), "binary", [4, 3], 0, 1),
        metric_case("binary_accuracy_wide_weighted", M.BinaryAccuracy(), "binary", [3, 5], 0, 3, weights=True),
        metric_case("binary_accuracy_seq_masked", M.BinaryAccuracy(), "binary", [3, 2], 4, 1, mask=True),
        metric_case("categorical_accuracy", M.CategoricalAccuracy(), "categorical", [5, 4], 0, 3),
        metric_case("categorical_accuracy_seq_weighted_masked", M.CategoricalAccuracy(), "categorical", [2, 3], 3, 4,
                    weights=True, mask=True),
        metric_case("sparse_categorical_accuracy", M.SparseCategoricalAccuracy(), "sparse", [6, 2], 0, 4),
        metric_case("sparse_categorical_accuracy_seq_masked", M.SparseCategoricalAccuracy(), "sparse", [3, 3], 5, 3,
                    mask=True),
        metric_case("mean_absolute_error", M.MeanAbsoluteError(), "regression", [4, 2], 0, 3),
        metric_case("mean_absolute_error_seq_weighted", M.MeanAbsoluteError(), "regression", [2, 3], 3, 2,
                    weights=True),
        metric_case("mean_squared_error", M.MeanSquaredError(), "regression", [4, 4], 0, 2, weights=True),
        metric_case("mean_squared_error_seq_masked", M.MeanSquaredError(), "regression", [3, 2], 4, 2, mask=True),
    ]
    # The loss tracker: keras.metrics.Mean weighted by the batch size (backend/tensorflow/trainer.py).
    tracker = M.Mean(name="loss")
    tracked = []
    for loss_value, batch_size in [(0.75, 32), (0.5, 32), (1.25, 7)]:
        tracker.update_state(np.float32(loss_value), sample_weight=batch_size)
        tracked.append({"loss": loss_value, "samples": batch_size, "expected": float(tracker.result().numpy())})
    write("metrics.json", {"cases": cases, "loss_tracker": tracked})


# ---------------------------------------------------------------- callbacks

def tiny_model(optimizer):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", metrics=["accuracy", "mae"])
    model.fit(np.zeros((4, 2), np.float32), np.zeros((4, 1), np.float32), epochs=1, verbose=0)  # builds metrics
    return model


def callback_case(case, make, monitor_values, config):
    """Feeds Keras' callback `on_epoch_end` logs {monitor: value}; records what it decides."""
    model = tiny_model(keras.optimizers.SGD(learning_rate=0.1))
    cb = make()
    cb.set_model(model)
    model.stop_training = False
    cb.on_train_begin()
    decisions = []
    monitor = config["monitor"]
    for epoch, value in enumerate(monitor_values):
        logs = {monitor: value, "other": 1.0}
        cb.on_epoch_end(epoch, logs)
        decisions.append({"stop": bool(model.stop_training),
                          "learning_rate": float(np.asarray(model.optimizer.learning_rate)),
                          "logs": {k: float(v) for k, v in logs.items()}})
        if model.stop_training:
            break
    result = {"case": case, "callback": cb.__class__.__name__, "config": config, "values": monitor_values,
              "decisions": decisions}
    if isinstance(cb, keras.callbacks.EarlyStopping):
        result["best_epoch"] = int(cb.best_epoch)
        result["stopped_epoch"] = int(cb.stopped_epoch)
    return result


def callbacks():
    C = keras.callbacks
    loss_values = [1.0, 0.8, 0.79995, 0.85, 0.7, 0.71, 0.72, 0.73, 0.69, 0.75, 0.76, 0.77]
    acc_values = [0.5, 0.6, 0.6, 0.55, 0.58, 0.7, 0.69, 0.68, 0.67]
    cases = [
        callback_case("early_stopping_default", lambda: C.EarlyStopping(), loss_values,
                      {"monitor": "val_loss"}),
        callback_case("early_stopping_patience", lambda: C.EarlyStopping(patience=2, min_delta=0.001), loss_values,
                      {"monitor": "val_loss", "patience": 2, "min_delta": 0.001}),
        callback_case("early_stopping_accuracy",
                      lambda: C.EarlyStopping(monitor="val_accuracy", patience=2, restore_best_weights=True),
                      acc_values, {"monitor": "val_accuracy", "patience": 2, "restore_best_weights": True}),
        callback_case("early_stopping_mae_max",
                      lambda: C.EarlyStopping(monitor="mae", mode="max", patience=1), loss_values,
                      {"monitor": "mae", "mode": "max", "patience": 1}),
        callback_case("early_stopping_baseline_start",
                      lambda: C.EarlyStopping(monitor="val_loss", patience=2, baseline=0.75, start_from_epoch=2),
                      loss_values, {"monitor": "val_loss", "patience": 2, "baseline": 0.75, "start_from_epoch": 2}),
        callback_case("reduce_lr", lambda: C.ReduceLROnPlateau(factor=0.5, patience=1), loss_values,
                      {"monitor": "val_loss", "factor": 0.5, "patience": 1}),
        callback_case("reduce_lr_cooldown_min",
                      lambda: C.ReduceLROnPlateau(monitor="loss", factor=0.2, patience=1, cooldown=2, min_lr=0.005,
                                                  min_delta=0.01), loss_values,
                      {"monitor": "loss", "factor": 0.2, "patience": 1, "cooldown": 2, "min_lr": 0.005,
                       "min_delta": 0.01}),
        callback_case("reduce_lr_accuracy",
                      lambda: C.ReduceLROnPlateau(monitor="val_accuracy", factor=0.1, patience=2), acc_values,
                      {"monitor": "val_accuracy", "factor": 0.1, "patience": 2}),
    ]
    cases = [c for c in cases]
    for c in cases:
        assert c["decisions"], c["case"]
    # ModelCheckpoint(save_best_only) decisions: which epochs save.
    saved = []
    with tempfile.TemporaryDirectory() as d:
        model = tiny_model("sgd")
        cb = C.ModelCheckpoint(os.path.join(d, "m-{epoch:02d}.weights.h5"), save_best_only=True,
                               save_weights_only=True)
        cb.set_model(model)
        cb.on_train_begin()
        for epoch, value in enumerate(loss_values[:6]):
            cb.on_epoch_begin(epoch)
            cb.on_epoch_end(epoch, {"val_loss": value})
        saved = sorted(os.listdir(d))
    write("callbacks.json", {"cases": cases, "checkpoint": {"values": loss_values[:6], "saved": saved}})


# ---------------------------------------------------------------- progress bar and CSV

class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def time(self):
        return self.now


def progbar_case(case, verbose, target, updates):
    """updates: (seconds since the start, current step, [(name, value)], finalize)."""
    clock = FakeClock()
    real_time = progbar_module.time
    progbar_module.time = clock
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            bar = progbar_module.Progbar(target=target, verbose=verbose, unit_name="step", stateless_metrics=set())
            for seconds, current, values, finalize in updates:
                clock.now = 1000.0 + seconds
                bar.update(current, values, finalize=finalize)
    finally:
        progbar_module.time = real_time
    return {"case": case, "verbose": verbose, "target": target,
            "updates": [{"seconds": s, "current": c, "values": [[k, v] for k, v in vals], "finalize": f}
                        for s, c, vals, f in updates],
            "expected": out.getvalue()}


def progbar():
    logs = lambda acc, loss: [("accuracy", acc), ("loss", loss)]
    cases = [
        progbar_case("verbose1_steps", 1, 938, [
            (0.5, 1, logs(0.125, 2.3025851), False),
            (0.52, 2, logs(0.25, 2.2), False),  # within the 0.05 s interval: not drawn
            (1.0, 100, logs(0.5, 1.5), False),
            (30.0, 500, logs(0.61, 1.1), False),
            (70.0, 900, logs(0.69, 0.95), False),
            (74.0, 938, logs(0.7, 0.93), False),
            (74.5, 938, logs(0.70001, 0.93) + [("val_accuracy", 0.75), ("val_loss", 0.0009)], True),
        ]),
        progbar_case("verbose1_slow", 1, 5, [
            (3.0, 1, [("loss", 12.5)], False),
            (4000.0, 2, [("loss", -0.5)], False),
            (4100.0, 3, [("loss", 0.00001)], False),
            (9000.0, 5, [("loss", 1e-9)], True),
        ]),
        progbar_case("verbose1_fast", 1, 12, [
            (0.0004, 1, [("loss", 0.5)], False),
            (0.06, 6, [("loss", 0.4)], False),
            (0.07, 12, [("loss", 0.3), ("mae", 0.2)], True),
        ]),
        progbar_case("verbose2", 2, 7, [
            (0.2, 1, logs(0.5, 0.9), False),
            (0.5, 7, logs(0.6, 0.8), False),
            (0.6, 7, logs(0.6, 0.8) + [("val_loss", 0.0005), ("val_neg", -2.0)], True),
        ]),
        progbar_case("verbose2_long", 2, 3, [
            (1.5, 1, [("loss", 0.1)], False),
            (3.7, 3, [("loss", 0.2)], True),
        ]),
    ]
    write("progbar.json", {"cases": cases})


def csv_logger():
    cases = []
    for case, epochs, append in [
        ("with_validation", [{"loss": 0.5946000218391418, "accuracy": 0.6875, "val_loss": 0.6705, "val_accuracy": 0.5},
                             {"loss": 0.123456789, "accuracy": 0.75, "val_loss": 1e-05, "val_accuracy": 1.0}], False),
        ("train_only", [{"loss": 2.5, "mae": 1.25e-7}, {"loss": 1e20, "mae": float("nan")}], False),
    ]:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "log.csv")
            cb = keras.callbacks.CSVLogger(path, append=append)
            cb.on_train_begin()
            for epoch, logs in enumerate(epochs):
                cb.on_epoch_end(epoch, dict(logs))
            cb.on_train_end()
            text = pathlib.Path(path).read_bytes().decode()  # csv.excel ends rows with \r\n
        cases.append({"case": case, "epochs": epochs, "expected": text})
    # separator and append: a second run appends rows without a header
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "log.csv")
        for run in range(2):
            cb = keras.callbacks.CSVLogger(path, separator=";", append=True)
            cb.on_train_begin()
            cb.on_epoch_end(0, {"loss": 0.5 + run, "val_loss": 0.25})
            cb.on_train_end()
        cases.append({"case": "append_separator", "epochs": [{"loss": 0.5, "val_loss": 0.25},
                                                             {"loss": 1.5, "val_loss": 0.25}],
                      "expected": pathlib.Path(path).read_bytes().decode()})
    write("csv_logger.json", {"cases": cases})


# ---------------------------------------------------------------- whole fits

def fit_case(case, head_activation, loss, optimizer, opt_config, metrics, samples, features, epochs, batch_size,
             validation_split=0.0, validation_samples=0, sample_weight=False, class_weight=None):
    """A one-Dense model fitted with shuffle=False: the loop's batching, validation, loss tracking and
    metric weighting, end to end."""
    rng = rng_for(case)
    x = rng.normal(0, 1, (samples, features)).astype(np.float32)
    true_w = rng.normal(0, 1, (features, 1)).astype(np.float32)
    z = x @ true_w + 0.3 * rng.normal(0, 1, (samples, 1)).astype(np.float32)
    y = (z > 0).astype(np.float32) if head_activation == "sigmoid" else z.astype(np.float32)
    sw = rng.uniform(0.2, 2, samples).astype(np.float32) if sample_weight else None
    val = None
    if validation_samples:
        vx = rng.normal(0, 1, (validation_samples, features)).astype(np.float32)
        vz = vx @ true_w
        vy = (vz > 0).astype(np.float32) if head_activation == "sigmoid" else vz.astype(np.float32)
        val = (vx, vy)
    kernel = rng.normal(0, 0.5, (features, 1)).astype(np.float32)
    bias = rng.normal(0, 0.5, (1,)).astype(np.float32)
    model = keras.Sequential([keras.Input((features,)), keras.layers.Dense(1, activation=head_activation)])
    model.layers[0].set_weights([kernel, bias])
    model.compile(optimizer=optimizer(), loss=loss, metrics=metrics)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        validation_split=validation_split, validation_data=val, sample_weight=sw,
                        class_weight=class_weight)
    k, b = model.layers[0].get_weights()
    return {"case": case, "activation": head_activation, "loss": loss, "optimizer": opt_config, "metrics": metrics,
            "epochs": epochs, "batch_size": batch_size, "validation_split": validation_split,
            "x": flat(x), "y": flat(y), "features": features, "sample_weight": flat(sw),
            "class_weight": None if class_weight is None else {str(c): w for c, w in class_weight.items()},
            "validation_x": None if val is None else flat(val[0]), "validation_y": None if val is None else flat(val[1]),
            "kernel": flat(kernel), "bias": flat(bias),
            "history": {key: [float(v) for v in values] for key, values in history.history.items()},
            "history_keys": list(history.history.keys()),
            "final_kernel": flat(k), "final_bias": flat(b)}


def fits():
    O = keras.optimizers
    cases = [
        fit_case("linear_mse_sgd_momentum_split_weighted", None, "mse",
                 lambda: O.SGD(learning_rate=0.05, momentum=0.9), {"name": "sgd", "learning_rate": 0.05,
                                                                   "momentum": 0.9},
                 ["mae"], samples=30, features=3, epochs=3, batch_size=8, validation_split=0.25, sample_weight=True),
        fit_case("logistic_bce_adam_class_weight", "sigmoid", "binary_crossentropy",
                 lambda: O.Adam(learning_rate=0.05), {"name": "adam", "learning_rate": 0.05},
                 ["accuracy"], samples=25, features=4, epochs=3, batch_size=10, validation_samples=9,
                 class_weight={0: 1.0, 1: 3.0}),
    ]
    write("fit.json", {"cases": cases})


if __name__ == "__main__":
    losses()
    optimizers()
    metrics()
    callbacks()
    progbar()
    csv_logger()
    fits()
