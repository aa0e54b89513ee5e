"""Keras 3.15 training trajectories of GRAPH models for rnnc's generated fit (sibling of
keras_training_parity.py, which covers chains; same record format).

Each case is a functional keras.Model whose inputs and layers are named like the Java interface's
@Input names and methods (dev.rnnc.training.GraphTrainingModels), weights drawn from a generator
seeded by the case name (N(0, 0.3^2), biases too), compiled as rnnc's @Compile declares it and
fitted with shuffle=False. It records, per case, in
examples/src/test/resources/fixtures/training/<case>.json:

  "weights":  {layer: {variable: value}} before training (Keras layout),
  "x":        {input name: values}, "y": the targets (class labels per timestep for
              sparse_categorical_crossentropy with a sequence output),
  "epochs", "batch_size",
  "history":  Keras' History.history (loss and metrics per epoch),
  "batch_losses": the running mean loss Keras logs after every batch (epoch by epoch),
  "evaluate": model.evaluate on the same data after training (loss and metrics),
  "final":    {layer: {variable: value}} after training.

Token data: within one batch no id repeats. On TensorFlow Keras hands Adam-family optimizers an
Embedding table's gradient as IndexedSlices and squares each token's slice before duplicates are
summed (see keras_training_parity.py); rnnc applies the summed gradient, which is the same number
whenever a row is touched once per batch, as here.

Run from the repository root (TensorFlow backend, CPU; case names as arguments write only those):
    TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND=tensorflow /work/main/.venv/bin/python tools/goldens/keras_graph_training_parity.py [case ...]
"""
import json
import sys
import zlib

import numpy as np
import keras
from keras import layers

from keras_training_parity import OUT, BatchLosses, weights_of

ONLY = set(sys.argv[1:])  # case names to write; all when none are given


def case(name, build, optimizer, loss, metrics, x, y, epochs=3, batch_size=8,
         evaluate_batch_size=None):
    """evaluate_batch_size: the batches of the recorded evaluate (default: the fit's); rnnc's
    evaluate(x, y) batches 32 (FitOptions' default, Keras' too), which a masked per-timestep loss
    shows (each batch's mean is over its real timesteps)."""
    if ONLY and name not in ONLY:
        return
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = build()
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    for layer in model.layers:
        layer.set_weights([rng.normal(0, 0.3, w.shape).astype("float32") for w in layer.get_weights()])
    before = weights_of(model)
    model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
    losses = BatchLosses()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                        callbacks=[losses])
    evaluated = model.evaluate(x, y, batch_size=evaluate_batch_size or batch_size, verbose=0,
                               return_dict=True)
    record = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "optimizer": optimizer.get_config(), "loss": loss, "metrics": metrics,
        "weights": before, "x": {k: v.tolist() for k, v in x.items()}, "y": y.tolist(),
        "epochs": epochs, "batch_size": batch_size,
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "batch_losses": losses.losses,
        "evaluate": {k: float(v) for k, v in evaluated.items()},
        "final": weights_of(model),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(record))
    print(name, {k: v[-1] for k, v in record["history"].items()})


def unique_tokens(rng, samples, timesteps, vocabulary, batch_size, low=0):
    """Token ids in [low, vocabulary) that never repeat within one batch."""
    out = np.zeros((samples, timesteps), dtype="int32")
    for start in range(0, samples, batch_size):
        n = min(batch_size, samples - start)
        out[start:start + n] = (low + rng.permutation(vocabulary - low)[:n * timesteps]).reshape(n, timesteps)
    return out


def seq2seq():
    """The Keras RNN guide's encoder-decoder: two token inputs, the encoder's (h, c) start the
    decoder, a softmax per decoder timestep, AdamW and sparse categorical cross-entropy."""
    rng = np.random.default_rng(11)
    encoder_tokens = unique_tokens(rng, 20, 5, 48, 8)
    decoder_tokens = unique_tokens(rng, 20, 4, 40, 8)
    labels = ((encoder_tokens[:, :4] + decoder_tokens) % 7).astype("int64")

    def build():
        encoder_input = keras.Input((5,), dtype="int32", name="encoderTokens")
        decoder_input = keras.Input((4,), dtype="int32", name="decoderTokens")
        embedded = layers.Embedding(48, 4, name="encoderEmbedding")(encoder_input)
        _, h, c = layers.LSTM(6, return_state=True, name="encoder")(embedded)
        decoded = layers.Embedding(40, 4, name="decoderEmbedding")(decoder_input)
        sequence = layers.LSTM(6, return_sequences=True, name="decoder")(decoded, initial_state=[h, c])
        out = layers.Dense(7, activation="softmax", name="head")(sequence)
        return keras.Model([encoder_input, decoder_input], out)

    case("seq2seq_adamw_sparse", build, keras.optimizers.AdamW(learning_rate=0.01),
         "sparse_categorical_crossentropy", ["accuracy"],
         {"encoderTokens": encoder_tokens, "decoderTokens": decoder_tokens}, labels)


def gru_seq2seq():
    """Float inputs of different lengths: a GRU encoder's h starts a GRU decoder returning
    sequences; SGD with momentum, MSE."""
    rng = np.random.default_rng(12)
    source = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    target = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    y = np.stack([target[:, :, 0] * 0.5 + source[:, :5, 1], target[:, :, 1] - source[:, -1:, 2]],
                 axis=-1).astype("float32")

    def build():
        source_input = keras.Input((6, 3), name="source")
        target_input = keras.Input((5, 2), name="target")
        _, h = layers.GRU(5, return_state=True, name="encoder")(source_input)
        sequence = layers.GRU(5, return_sequences=True, name="decoder")(target_input, initial_state=h)
        out = layers.Dense(2, name="head")(sequence)
        return keras.Model([source_input, target_input], out)

    case("gru_seq2seq_sgd_momentum_mse", build, keras.optimizers.SGD(learning_rate=0.05, momentum=0.9),
         "mean_squared_error", ["mae"], {"source": source, "target": target}, y)


def concat_branches():
    """One input, a learned layer read by two branches (its gradient is the sum of theirs; one reads
    it through a Dropout of rate 0, the identity), a skip connection concatenating the input with
    it, and two recurrent branches concatenated; Adam, BCE."""
    rng = np.random.default_rng(13)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    y = ((x[:, :, 0].sum(axis=1) > 0) ^ (x[:, -1, 1] > 0)).astype("float32")[:, None]

    def build():
        inp = keras.Input((6, 3), name="x")
        features = layers.LSTM(5, return_sequences=True, name="features")(inp)
        same = layers.Dropout(0.0, name="same")(features)  # the identity: right reads features
        joined = layers.Concatenate(name="joined")([inp, features])
        left = layers.GRU(4, name="left")(joined)
        right = layers.SimpleRNN(4, go_backwards=True, name="right")(same)
        both = layers.Concatenate(name="both")([left, right])
        out = layers.Dense(1, activation="sigmoid", name="head")(both)
        return keras.Model(inp, out)

    case("concat_branches_adam_bce", build, keras.optimizers.Adam(learning_rate=0.01),
         "binary_crossentropy", ["accuracy"], {"x": x}, y)


def merges():
    """Two float inputs, Add, Multiply and Average of recurrent sequences, then an LSTM; RMSprop, MSE."""
    rng = np.random.default_rng(14)
    left = rng.normal(0, 1, (20, 6, 2)).astype("float32")
    right = rng.normal(0, 1, (20, 6, 2)).astype("float32")
    y = np.stack([left[:, :, 0].mean(axis=1), (left[:, :, 1] * right[:, :, 0]).mean(axis=1)],
                 axis=-1).astype("float32")

    def build():
        left_input = keras.Input((6, 2), name="left")
        right_input = keras.Input((6, 2), name="right")
        a = layers.GRU(4, return_sequences=True, name="a")(left_input)
        b = layers.LSTM(4, return_sequences=True, name="b")(right_input)
        total = layers.Add(name="total")([a, b])
        product = layers.Multiply(name="product")([a, b, total])
        mean = layers.Average(name="mean")([total, product, a])
        summary = layers.LSTM(3, name="summary")(mean)
        out = layers.Dense(2, name="head")(summary)
        return keras.Model([left_input, right_input], out)

    case("merges_rmsprop_mse", build, keras.optimizers.RMSprop(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"left": left, "right": right}, y)


def masked_seq2seq():
    """Padded token inputs with mask_zero on both sides (padding first, last and nowhere): each
    timeline has its own mask, the decoder's also weighs the loss; SGD, sparse cross-entropy."""
    rng = np.random.default_rng(15)
    encoder_tokens = unique_tokens(rng, 20, 7, 60, 8, low=1)
    decoder_tokens = unique_tokens(rng, 20, 6, 50, 8, low=1)
    for i in range(20):
        if i % 3 == 0:
            encoder_tokens[i, :i % 4 + 1] = 0
            decoder_tokens[i, 6 - (i % 3 + 1):] = 0
        elif i % 3 == 1:
            encoder_tokens[i, 7 - (i % 4 + 1):] = 0
    labels = ((encoder_tokens[:, :6] + decoder_tokens) % 5).astype("int64")

    def build():
        encoder_input = keras.Input((7,), dtype="int32", name="encoderTokens")
        decoder_input = keras.Input((6,), dtype="int32", name="decoderTokens")
        embedded = layers.Embedding(60, 4, mask_zero=True, name="encoderEmbedding")(encoder_input)
        _, h, c = layers.LSTM(5, return_state=True, name="encoder")(embedded)
        decoded = layers.Embedding(50, 4, mask_zero=True, name="decoderEmbedding")(decoder_input)
        sequence = layers.LSTM(5, return_sequences=True, name="decoder")(decoded, initial_state=[h, c])
        out = layers.Dense(5, activation="softmax", name="head")(sequence)
        return keras.Model([encoder_input, decoder_input], out)

    case("masked_seq2seq_sgd_sparse", build, keras.optimizers.SGD(learning_rate=0.5),
         "sparse_categorical_crossentropy", ["accuracy"],
         {"encoderTokens": encoder_tokens, "decoderTokens": decoder_tokens}, labels)


def sequence_and_vector():
    """A Bidirectional GRU over a sequence input concatenated with a float-vector input; Adam, MSE."""
    rng = np.random.default_rng(16)
    series = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    meta = rng.normal(0, 1, (20, 4)).astype("float32")
    y = np.stack([series[:, :, 0].mean(axis=1) + meta[:, 0], meta[:, 1] * series[:, -1, 2]],
                 axis=-1).astype("float32")

    def build():
        series_input = keras.Input((6, 3), name="series")
        meta_input = keras.Input((4,), name="meta")
        encoded = layers.Bidirectional(layers.GRU(3), name="encoder")(series_input)
        joined = layers.Concatenate(name="joined")([encoded, meta_input])
        out = layers.Dense(2, name="head")(joined)
        return keras.Model([series_input, meta_input], out)

    case("sequence_and_vector_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"series": series, "meta": meta}, y)


def masking_after_layer():
    """Masking after a learned layer (keras/src/layers/core/masking.py: the mask from the layer's
    rows, the rows times the mask, so masked timesteps pass no gradient down): padded timesteps
    (last, 0 to 2 of them) stay exactly zero through a tanh Dense without bias, the Masking then
    masks them for the LSTM; Adam, MSE."""
    rng = np.random.default_rng(16)
    x = rng.normal(0, 1, (20, 6, 3)).astype("float32")
    for i in range(20):
        x[i, 6 - i % 3:] = 0
    y = np.tanh(x[:, :, 0].sum(axis=1, keepdims=True) * 0.5).astype("float32")

    def build():
        inp = keras.Input((6, 3), name="x")
        projected = layers.Dense(4, activation="tanh", use_bias=False, name="project")(inp)
        masked = layers.Masking(0.0, name="masking")(projected)
        encoded = layers.LSTM(5, name="encoder")(masked)
        out = layers.Dense(1, name="head")(encoded)
        return keras.Model(inp, out)

    case("masking_after_layer_adam_mse", build, keras.optimizers.Adam(learning_rate=0.01),
         "mean_squared_error", ["mae"], {"x": x}, y)


def merged_masks():
    """A Concatenate of two differently masked inputs (padding last on one, first on the other,
    each through a Dense that passes its mask on): the merged rows' mask is the or of the two
    (keras/src/layers/merging/concatenate.py compute_mask), which masks the LSTM and weighs the
    per-timestep loss; SGD, MSE."""
    rng = np.random.default_rng(17)
    a = rng.normal(0, 1, (20, 5, 2)).astype("float32")
    b = rng.normal(0, 1, (20, 5, 3)).astype("float32")
    for i in range(20):
        a[i, 5 - i % 3:] = 0  # 0, 1 or 2 steps padded last
        b[i, :i % 4] = 0  # 0 to 3 steps padded first
        if i % 6 == 5:
            b[i, 3:] = 0  # and last: both padded at step 4 of some samples
    y = np.tanh(np.cumsum(a[:, :, :1] + b[:, :, 1:2], axis=1) * [0.5, -0.3]).astype("float32")

    def build():
        left = keras.Input((5, 2), name="left")
        right = keras.Input((5, 3), name="right")
        masked_left = layers.Masking(0.0, name="maskLeft")(left)
        masked_right = layers.Masking(0.0, name="maskRight")(right)
        a_rows = layers.Dense(3, activation="tanh", name="a")(masked_left)
        b_rows = layers.Dense(3, activation="tanh", name="b")(masked_right)
        joined = layers.Concatenate(name="joined")([a_rows, b_rows])
        encoded = layers.LSTM(4, return_sequences=True, name="encoder")(joined)
        out = layers.Dense(2, name="head")(encoded)
        return keras.Model([left, right], out)

    case("merged_masks_sgd_mse", build, keras.optimizers.SGD(learning_rate=0.1),
         "mean_squared_error", ["mae"], {"left": a, "right": b}, y, evaluate_batch_size=32)


def main():
    masking_after_layer()
    merged_masks()
    seq2seq()
    gru_seq2seq()
    concat_branches()
    merges()
    masked_seq2seq()
    sequence_and_vector()


if __name__ == "__main__":
    main()
