"""Keras 3.15 fixtures for graph models (rnnc layer methods whose Layer parameters name earlier
inputs and layers, @InitialState, merge layers, several inputs, @Shared layers).

Each case is a functional keras.Model built in real Keras 3.15.1 with weights drawn from a
generator seeded by the case name (N(0, 0.5^2), not Keras' initializers, so zero biases cannot
hide bugs). For each case it writes examples/src/test/resources/fixtures/graphs/<case>.weights.h5
(model.save_weights; siamese also as a whole .keras model) and <case>.json with "inputs" (the model's input names, in order) and
"samples": one {"inputs": {name: value}, "output": model output} per sample. Variable-length cases
predict each sample on its own (batch 1) so that lengths differ between samples; the others
predict one batch. Layers and inputs are named as the Java methods and parameters that declare
them, so weights load by name.

Run from the repository root:
    TF_CPP_MIN_LOG_LEVEL=3 /work/main/.venv/bin/python tools/goldens/keras_graphs.py
"""
import json
import pathlib
import zlib

import numpy as np
import keras
from keras import layers

OUT = pathlib.Path("examples/src/test/resources/fixtures/graphs")


def rng_for(case):
    return np.random.default_rng(zlib.crc32(case.encode()))


def randomize(model, rng):
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in weights])


def save(case, model, samples, batched=True):
    """samples: list of dicts {input name: one sample (np array)}."""
    names = [t.name for t in model.inputs]
    if batched:
        batch = [np.stack([s[n] for s in samples]) for n in names]
        outputs = model.predict(batch if len(batch) > 1 else batch[0], verbose=0)
        if isinstance(outputs, list):  # several outputs: per sample, the list of each output's row
            outputs = [[np.asarray(o[b]).tolist() for o in outputs] for b in range(len(samples))]
        else:
            outputs = [outputs[b] for b in range(len(samples))]
    else:
        outputs = []
        for s in samples:
            one = [s[n][None] for n in names]
            outputs.append(model.predict(one if len(one) > 1 else one[0], verbose=0)[0])
    model.save_weights(OUT / f"{case}.weights.h5")
    (OUT / f"{case}.json").write_text(json.dumps({
        "case": case,
        "keras_version": keras.__version__,
        "inputs": names,
        "layers": [[l.name, l.__class__.__name__] for l in model.layers],
        "samples": [{"inputs": {n: s[n].tolist() for n in names}, "output": o if isinstance(o, list) else np.asarray(o).tolist()}
                    for s, o in zip(samples, outputs)],
    }))
    print(case, [(n, samples[0][n].shape) for n in names], "->",
          [np.shape(o) for o in outputs[0]] if isinstance(outputs[0], list) else np.asarray(outputs[0]).shape)


def floats(rng, *shape):
    return rng.normal(size=shape).astype("float32")


def tokens(rng, vocab, length, pad=0):
    ids = rng.integers(1, vocab, size=length).astype("int32")
    if pad:
        ids[length - pad:] = 0
    return ids


# ---------------------------------------------------------------- stage A: one input

def same_input_seq2seq():
    case = "same_input_seq2seq"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    _, h, c = layers.LSTM(5, return_state=True, name="encoder")(x)
    seq = layers.LSTM(5, return_sequences=True, name="decoder")(x, initial_state=[h, c])
    out = layers.Dense(2, name="head")(seq)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


def skip_concat():
    case = "skip_concat"
    rng = rng_for(case)
    x = keras.Input((7, 3), name="x")
    seq = layers.LSTM(4, return_sequences=True, name="features")(x)
    joined = layers.Concatenate(name="joined")([x, seq])
    summary = layers.GRU(3, name="summary")(joined)
    out = layers.Dense(2, name="head")(summary)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 7, 3)} for _ in range(3)])


def add_branches():
    case = "add_branches"
    rng = rng_for(case)
    x = keras.Input((6, 2), name="x")
    left = layers.GRU(4, return_sequences=True, name="left")(x)
    right = layers.SimpleRNN(4, return_sequences=True, name="right")(x)
    total = layers.Add(name="total")([left, right])
    summary = layers.LSTM(3, name="summary")(total)
    out = layers.Dense(1, activation="sigmoid", name="head")(summary)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 2)} for _ in range(3)])


def vector_merges():
    case = "vector_merges"
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    a = layers.LSTM(4, name="a")(x)
    b = layers.GRU(4, name="b")(x)
    c = layers.SimpleRNN(4, name="c")(x)
    prod = layers.Multiply(name="prod")([a, b])
    avg = layers.Average(name="avg")([a, b, c])
    total = layers.Add(name="total")([a, b, c])
    joined = layers.Concatenate(name="joined")([prod, avg, total])
    out = layers.Dense(3, name="head")(joined)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3)} for _ in range(3)])


def masked_concat():
    case = "masked_concat"
    rng = rng_for(case)
    x = keras.Input((8, 2), name="x")
    padded = layers.Masking(0.0, name="padding")(x)
    seq = layers.LSTM(3, return_sequences=True, name="features")(padded)
    joined = layers.Concatenate(name="joined")([padded, seq])
    summary = layers.LSTM(4, name="summary")(joined)
    out = layers.Dense(2, name="head")(summary)
    model = keras.Model(x, out)
    randomize(model, rng)
    samples = [{"x": floats(rng, 8, 2)} for _ in range(4)]
    samples[0]["x"][5:] = 0.0   # right padding
    samples[1]["x"][:3] = 0.0   # left padding
    samples[2]["x"][3:5] = 0.0  # interior gap
    save(case, model, samples)


def bidirectional_states():
    case = "bidirectional_states"
    rng = rng_for(case)
    x = keras.Input((5, 3), name="x")
    _, hf, cf, hb, cb = layers.Bidirectional(layers.LSTM(3, return_state=True), name="encoder")(x)
    seq = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum", name="decoder")(
        x, initial_state=[hf, cf, hb, cb])
    out = layers.Dense(2, name="head")(seq)
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 5, 3)} for _ in range(3)])


def gru_state_chain():
    """A GRU encoder's h starts a GRU decoder reading the encoder's output sequence."""
    case = "gru_state_chain"
    rng = rng_for(case)
    x = keras.Input((6, 2), name="x")
    seq, h = layers.GRU(4, return_sequences=True, return_state=True, name="encoder")(x)
    out = layers.GRU(4, name="decoder")(seq, initial_state=[h])
    model = keras.Model(x, out)
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 2)} for _ in range(3)])


# ---------------------------------------------------------------- stage B: several inputs

def seq2seq_tokens():
    """The Keras RNN guide's encoder-decoder (smaller vocabularies and widths)."""
    case = "seq2seq_tokens"
    rng = rng_for(case)
    encoder_input = layers.Input(shape=(None,), name="encoderTokens", dtype="int32")
    encoder_embedded = layers.Embedding(input_dim=50, output_dim=8, name="encoderEmbedding")(encoder_input)
    _, state_h, state_c = layers.LSTM(16, return_state=True, name="encoder")(encoder_embedded)
    decoder_input = layers.Input(shape=(None,), name="decoderTokens", dtype="int32")
    decoder_embedded = layers.Embedding(input_dim=60, output_dim=8, name="decoderEmbedding")(decoder_input)
    decoder_output = layers.LSTM(16, name="decoder")(decoder_embedded, initial_state=[state_h, state_c])
    output = layers.Dense(10, name="head")(decoder_output)
    model = keras.Model([encoder_input, decoder_input], output)
    randomize(model, rng)
    lengths = [(5, 3), (2, 7), (9, 1), (4, 4)]
    save(case, model, [{"encoderTokens": tokens(rng, 50, e), "decoderTokens": tokens(rng, 60, d)} for e, d in lengths],
         batched=False)


def seq2seq_masked():
    """Padded token batches with mask_zero; the decoder's mask is passed explicitly (rnnc keeps the
    mask of a layer that takes @InitialState, which Keras 3.15 drops unless it is passed)."""
    case = "seq2seq_masked"
    rng = rng_for(case)
    encoder_input = layers.Input(shape=(7,), name="encoderTokens", dtype="int32")
    encoded = layers.Embedding(20, 6, mask_zero=True, name="encoderEmbedding")(encoder_input)
    _, h, c = layers.LSTM(5, return_state=True, name="encoder")(encoded)
    decoder_input = layers.Input(shape=(6,), name="decoderTokens", dtype="int32")
    decoded = layers.Embedding(25, 6, mask_zero=True, name="decoderEmbedding")(decoder_input)
    mask = keras.ops.not_equal(decoder_input, 0)
    seq = layers.LSTM(5, return_sequences=True, name="decoder")(decoded, initial_state=[h, c], mask=mask)
    out = layers.Dense(4, activation="softmax", name="head")(seq)
    model = keras.Model([encoder_input, decoder_input], out)
    randomize(model, rng)
    samples = [
        {"encoderTokens": tokens(rng, 20, 7, pad=3), "decoderTokens": tokens(rng, 25, 6, pad=2)},
        {"encoderTokens": tokens(rng, 20, 7), "decoderTokens": tokens(rng, 25, 6, pad=4)},
        {"encoderTokens": tokens(rng, 20, 7, pad=6), "decoderTokens": tokens(rng, 25, 6)},
    ]
    save(case, model, samples)


def sequence_and_vector():
    case = "sequence_and_vector"
    rng = rng_for(case)
    series = keras.Input((6, 3), name="series")
    meta = keras.Input((4,), name="meta")
    encoded = layers.LSTM(8, name="encoder")(series)
    joined = layers.Concatenate(name="joined")([encoded, meta])
    out = layers.Dense(3, name="head")(joined)
    model = keras.Model([series, meta], out)
    randomize(model, rng)
    save(case, model, [{"series": floats(rng, 6, 3), "meta": floats(rng, 4)} for _ in range(3)])


def two_masked_add():
    """Two masked sequences added: the output mask is the logical or of both masks."""
    case = "two_masked_add"
    rng = rng_for(case)
    left = keras.Input((6, 2), name="left")
    right = keras.Input((6, 2), name="right")
    left_seq = layers.LSTM(3, return_sequences=True, name="leftEncoder")(layers.Masking(0.0, name="leftPadding")(left))
    right_seq = layers.GRU(3, return_sequences=True, name="rightEncoder")(layers.Masking(0.0, name="rightPadding")(right))
    total = layers.Add(name="total")([left_seq, right_seq])
    summary = layers.SimpleRNN(2, name="summary")(total)
    model = keras.Model([left, right], summary)
    randomize(model, rng)
    samples = [{"left": floats(rng, 6, 2), "right": floats(rng, 6, 2)} for _ in range(4)]
    samples[0]["left"][4:] = 0.0                                  # left shorter: right's steps stay real
    samples[1]["left"][3:] = 0.0; samples[1]["right"][3:] = 0.0   # both padded: masked at the end
    samples[2]["right"][:2] = 0.0                                 # right left-padded
    save(case, model, samples)


def two_outputs():
    """Several outputs: a tag per timestep and a score per sequence from one encoder."""
    case = "two_outputs"
    rng = rng_for(case)
    x = keras.Input((6, 3), name="x")
    seq = layers.LSTM(5, return_sequences=True, name="encoder")(x)
    tags = layers.Dense(3, activation="softmax", name="tags")(seq)
    summary = layers.GRU(4, name="summary")(seq)
    score = layers.Dense(1, activation="sigmoid", name="score")(summary)
    model = keras.Model(x, [tags, score])
    randomize(model, rng)
    save(case, model, [{"x": floats(rng, 6, 3)} for _ in range(3)])


# ---------------------------------------------------------------- stage C: shared layers

def siamese():
    """Two sequences of different lengths through one shared LSTM (Keras' functional API guide)."""
    case = "siamese"
    rng = rng_for(case)
    left = keras.Input((5, 4), name="left")
    right = keras.Input((7, 4), name="right")
    encoder = layers.LSTM(6, name="encoder")
    joined = layers.Concatenate(name="joined")([encoder(left), encoder(right)])
    out = layers.Dense(1, activation="sigmoid", name="head")(joined)
    model = keras.Model([left, right], out)
    randomize(model, rng)
    save(case, model, [{"left": floats(rng, 5, 4), "right": floats(rng, 7, 4)} for _ in range(3)])
    model.save(OUT / f"{case}.keras")  # the whole functional model: rnnc reads its weights by name too


def shared_embedding():
    """One masked Embedding shared by two variable-length token inputs, separate GRUs, a shared Dense."""
    case = "shared_embedding"
    rng = rng_for(case)
    question = keras.Input((None,), name="question", dtype="int32")
    answer = keras.Input((None,), name="answer", dtype="int32")
    embedding = layers.Embedding(30, 6, mask_zero=True, name="embedding")
    q = layers.GRU(4, name="questionEncoder")(embedding(question))
    a = layers.GRU(4, name="answerEncoder")(embedding(answer))
    project = layers.Dense(3, activation="tanh", name="project")
    joined = layers.Concatenate(name="joined")([project(q), project(a)])
    out = layers.Dense(2, name="head")(joined)
    model = keras.Model([question, answer], out)
    randomize(model, rng)
    samples = [
        {"question": tokens(rng, 30, 5, pad=2), "answer": tokens(rng, 30, 3)},
        {"question": tokens(rng, 30, 2), "answer": tokens(rng, 30, 8, pad=5)},
        {"question": tokens(rng, 30, 6), "answer": tokens(rng, 30, 4, pad=1)},
    ]
    save(case, model, samples, batched=False)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for case in (same_input_seq2seq, skip_concat, add_branches, vector_merges, masked_concat, bidirectional_states,
                 gru_state_chain, two_outputs, seq2seq_tokens, seq2seq_masked, sequence_and_vector, two_masked_add, siamese,
                 shared_embedding):
        case()


if __name__ == "__main__":
    main()
