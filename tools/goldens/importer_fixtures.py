#!/usr/bin/env python3
"""The `.keras` files the importer tests read, written by real Keras 3 (TensorFlow backend, CPU).

Run from anywhere with the project venv (paths are relative to the repository root)::

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/importer_fixtures.py            # all
    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/importer_fixtures.py masked_tagger go_backwards_masked

(with case names, only those files are written; ``.keras`` bytes change on every save, since
``metadata.json`` records the date, so rewrite only what changed).

What it writes into ``importer/src/test/resources/keras/``:

* ``forecaster.keras`` / ``forecaster-check.json`` and ``keras_zip.keras`` / ``keras_zip.json``:
  copies of the example's trained model and of the ``keras_zip`` parity fixture (both
  Functional, written by ``generate.py``), so the importer module's tests are self-contained;
* ``<case>.keras`` + ``<case>.json`` for the models of ``SUPPORTED`` below (two Sequential, two
  masked Functional ones). The JSON has the same keys as ``generate.py``'s fixtures (``input``,
  ``expected`` = ``model.predict(input)``) plus ``runs`` (one ``{"timesteps", "input",
  "expected"}`` per length for variable-length inputs); the masked ones take ``generate.py``'s
  five padded samples and add ``samples`` (how each is padded), and are checked to depend on
  their mask. Weights are random and seeded (``generate.randomize_weights``), and each case is
  checked against ``generate.reference_forward`` (float64 NumPy) like the parity fixtures;
* ``<case>.keras`` + ``<case>.json`` for the models of ``GRAPHS``: Functional graphs (several inputs
  and outputs, merges, skip connections, shared layers, initial states from layers and from model
  inputs, returned states, every Bidirectional form) and RNN over stacked built-in cells, with
  random seeded weights. The JSON holds ``inputs`` (``{"name", "value"}`` per Keras input, in the
  model's order) and ``outputs`` (``model.predict``, one array per output); checked to reload
  unchanged (no float64 reference: ``generate.reference_forward`` follows chains);
* ``<case>.keras`` + ``<case>.json`` for the stateful models of ``STREAMS``: no top-level
  ``input``/``expected`` but ``batch_shape``, ``streaming`` and ``calls``, a list of
  ``{"reset_before", "input" (T, F), "expected"}`` made by consecutive ``predict`` calls on one
  model, as ``generate.py``'s stateful fixtures;
* ``ignored_options.keras``: options that do not change inference (``unroll`` on a
  variable-length input, cell dropout, ``zero_output_for_mask`` without a mask, seeds,
  initializers, regularizers, constraints, Dropout's ``noise_shape``), which the importer drops;
  ``stateful_batch.keras``: a stateful model saved with batch size 2 and 40 timesteps
  (``unroll`` beyond rnnc's limit), which the importer imports with notes;
* ``unsupported/<case>.keras``: tiny models, each using one thing rnnc cannot express (plus
  ``several_problems``, which has three), for the importer's error tests. Their weights do not
  matter; they are saved with ``model.save`` as a user would. For the two ``unroll`` corners
  the script checks that Keras' unrolled model really differs from its loop (why they are
  refused). ``keras2_metadata.keras`` is a
  real file whose ``metadata.json`` is rewritten to claim Keras 2.15.0 (Keras 3 cannot write
  an older version's archive).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
import zipfile
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as g  # noqa: E402  (shared helpers: seeded weights, float64 reference, JSON)

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "importer" / "src" / "test" / "resources" / "keras"
UNSUPPORTED = OUT / "unsupported"


# ---------------------------------------------------------------------------------------------
# Supported models, with Keras' predictions


def sequential_tokens():
    """Token ids of any length -> Embedding -> GRU (swish, reset before, cell dropout) -> LSTM -> softmax.

    Two layer names are not Java identifiers ("gru-encoder", the keyword "class"), so the importer
    renames them and the weights load by order; the cell dropout is ignored at inference.
    """
    return keras.Sequential([
        keras.Input((None,), dtype="int32", name="tokens"),
        layers.Embedding(30, 6, name="embed"),
        layers.GRU(7, activation="swish", reset_after=False, return_sequences=True, dropout=0.1,
                   recurrent_dropout=0.2, name="gru-encoder"),
        layers.LSTM(5, recurrent_activation="hard_sigmoid", unit_forget_bias=False, name="class"),
        layers.Dense(3, activation="softmax", name="head"),
    ], name="sequential_tokens"), lambda rng, t: g.token_input(rng, 3, t, 30), [4, 9]


def sequential_sequence_out():
    """Float features of any length -> SimpleRNN (relu, no bias, seq) -> Dropout -> Dense per step.

    Keras' automatic layer names (simple_rnn, dropout, dense, dense_1); the output is a sequence.
    """
    return keras.Sequential([
        keras.Input((None, 3)),
        layers.SimpleRNN(6, activation="relu", use_bias=False, return_sequences=True),
        layers.Dropout(0.3),
        layers.Dense(4, activation="gelu"),
        layers.Dense(2, use_bias=False),
    ], name="sequence_tagger"), lambda rng, t: g.float_input(rng, 2, t, 3), [5, 2]


# ---------------------------------------------------------------------------------------------
# Masked models (Functional, so config.json carries the mask ops and the layers' mask kwargs)


def masked_tagger():
    """10 token ids -> Embedding(mask_zero) -> Bidirectional(LSTM, seq, ave) -> TimeDistributed(Dense).

    Functional: config.json holds a NotEqual op node (ids != 0) whose output is the mask kwarg of
    the Bidirectional and TimeDistributed nodes. Inputs: the five padded rows of generate.py.
    The length is fixed because Keras 3.15's predict gets TimeDistributed wrong on a None time
    axis once it retraces for a second length (T = 8, then 11 returns shape (5, 5, 3)).
    """
    ids = keras.Input((10,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 5, mask_zero=True, name="embed")(ids)
    x = layers.Bidirectional(layers.LSTM(4, return_sequences=True, name="lstm"), merge_mode="ave",
                             name="encoder")(x)
    x = layers.TimeDistributed(layers.Dense(3, activation="softmax", name="dense"), name="tagger")(x)
    return keras.Model(ids, x, name="masked_tagger"), lambda rng, t: g.padded_token_input(rng, t, 20), [10]


def go_backwards_masked():
    """(8, 3) floats -> Masking(-1) -> LSTM(go_backwards, seq, unroll) -> Dropout -> GRU(zero_output_for_mask)
    -> Dense "head" -> Dense "Head".

    Functional: Masking's mask is two op nodes, NotEqual(x, -1.0) and Any(axis=-1). The last two
    layer names differ only in case, so rnnc's generated constants would clash: the importer
    renames "Head" and its weights load by order.
    """
    def padded(rng, t):
        x = g.padded_float_input(rng, t, 3, mask_value=-1.0)
        x[0, 4] = 0.0  # an all-zero step is real under mask_value=-1
        return x

    window = keras.Input((8, 3), name="window")
    x = layers.Masking(-1.0, name="pad")(window)
    x = layers.LSTM(6, go_backwards=True, return_sequences=True, unroll=True, name="reverse")(x)
    x = layers.Dropout(0.2, name="drop")(x)
    x = layers.GRU(5, zero_output_for_mask=True, name="summary")(x)
    x = layers.Dense(4, activation="relu", name="head")(x)
    x = layers.Dense(2, name="Head")(x)
    return keras.Model(window, x, name="go_backwards_masked"), padded, [8]


SUPPORTED = {"sequential_tokens": sequential_tokens, "sequential_sequence_out": sequential_sequence_out,
             "masked_tagger": masked_tagger, "go_backwards_masked": go_backwards_masked}


def write_supported(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model, make_input, lengths = SUPPORTED[name]()
    g.randomize_weights(model, g.case_rng(name, salt=1))
    masked = any(type(l).__name__ == "Masking" or getattr(l, "mask_zero", False) for l in model.layers)
    rng = g.case_rng(name)
    runs = []
    max_ref = 0.0
    for t in lengths:
        x = make_input(rng, t)
        y = model.predict(x, verbose=0)
        max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64) - g.reference_forward(model, x)))))
        if masked:
            unmasked = g.reference_forward(model, x, masks=False)
            assert np.max(np.abs(y - unmasked)) > 1e-2, f"{name}: the mask changes nothing"
        runs.append((x, y))
    if max_ref > g.REFERENCE_TOLERANCE:
        raise SystemExit(f"{name}: Keras and the float64 reference differ by {max_ref:.2e}")
    save_and_check(name, model, runs, masked)
    print(f"{name:28s} max|keras-numpy64| = {max_ref:.2e}")


def save_and_check(name: str, model, runs, masked: bool = False) -> None:
    path = OUT / f"{name}.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path)
    for x, y in runs:
        assert np.array_equal(reloaded.predict(x, verbose=0), y), f"{name}: reloaded model differs"
    doc = {
        "case": name,
        "keras_version": keras.__version__,
        "description": g.describe(model, model.inputs[0].shape[1:]),
        "weights": path.name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "input": g.to_json_array(runs[0][0]),
        "expected": g.to_json_array(runs[0][1]),
    }
    if masked:
        doc["samples"] = (g.TOKEN_PADDING_NOTES if np.issubdtype(runs[0][0].dtype, np.integer)
                          else g.FLOAT_PADDING_NOTES)
    if len(runs) > 1:
        doc["runs"] = [{"timesteps": int(x.shape[1]), "input": g.to_json_array(x), "expected": g.to_json_array(y)}
                       for x, y in runs]
    g.write_json(OUT / f"{name}.json", doc)


# ---------------------------------------------------------------------------------------------
# Graphs (Functional models beyond a chain) and RNN over built-in cells, with Keras' predictions


def two_inputs():
    """Two float sequences, an LSTM each, concatenated, a Dense head."""
    a = keras.Input((5, 2), name="left")
    b = keras.Input((5, 2), name="right")
    x = layers.Concatenate(name="join")([layers.LSTM(3, name="left_rnn")(a), layers.LSTM(3, name="right_rnn")(b)])
    return keras.Model([a, b], layers.Dense(1, name="head")(x), name="two_inputs")


def two_outputs():
    """One encoder, two heads: the model returns two outputs (a record in rnnc)."""
    inp = keras.Input((5, 2), name="window")
    x = layers.LSTM(4, name="encoder")(inp)
    return keras.Model(inp, [layers.Dense(1, name="mean")(x), layers.Dense(2, name="spread")(x)],
                       name="two_outputs")


def residual():
    """A skip connection: the input added to an LSTM's sequence."""
    inp = keras.Input((5, 4), name="window")
    x = layers.LSTM(4, return_sequences=True, name="encoder")(inp)
    x = layers.Add(name="skip")([inp, x])
    return keras.Model(inp, layers.LSTM(3, name="summary")(x), name="residual")


def shared_layer():
    """One SimpleRNN called twice, on the input and on its own output (same weights)."""
    inp = keras.Input((5, 3), name="window")
    rnn = layers.SimpleRNN(3, return_sequences=True, name="shared")
    return keras.Model(inp, layers.GRU(2, name="summary")(rnn(rnn(inp))), name="shared_layer")


def siamese():
    """Two sequences of different lengths through one shared LSTM, concatenated, a sigmoid head."""
    a = keras.Input((5, 4), name="first")
    b = keras.Input((7, 4), name="second")
    encoder = layers.LSTM(6, name="encoder")
    x = layers.Concatenate(name="joined")([encoder(a), encoder(b)])
    return keras.Model([a, b], layers.Dense(1, activation="sigmoid", name="head")(x), name="siamese")


def encoder_decoder():
    """The Keras RNN guide's encoder-decoder: two token inputs, the encoder's h and c start the decoder."""
    enc_in = keras.Input((None,), dtype="int32", name="encoder_tokens")
    dec_in = keras.Input((None,), dtype="int32", name="decoder_tokens")
    _, h, c = layers.LSTM(8, return_state=True, name="encoder")(layers.Embedding(20, 5, name="encoder_embed")(enc_in))
    x = layers.LSTM(8, return_sequences=True, name="decoder")(layers.Embedding(25, 5, name="decoder_embed")(dec_in),
                                                              initial_state=[h, c])
    return keras.Model([enc_in, dec_in], layers.Dense(4, activation="softmax", name="head")(x),
                       name="encoder_decoder")


def gru_state_chain():
    """A GRU reads another GRU's sequence and starts from that GRU's final state."""
    inp = keras.Input((6, 2), name="window")
    seq, h = layers.GRU(4, return_sequences=True, return_state=True, name="encoder")(inp)
    return keras.Model(inp, layers.GRU(4, name="decoder")(seq, initial_state=h), name="gru_state_chain")


def masked_concat():
    """A masked skip connection: the mask passes the Concatenate (both inputs masked) to the next LSTM."""
    inp = keras.Input((8, 2), name="window")
    pad = layers.Masking(0.0, name="pad")(inp)
    x = layers.LSTM(3, return_sequences=True, name="features")(pad)
    x = layers.Concatenate(name="joined")([pad, x])
    x = layers.LSTM(4, name="summary")(x)
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="masked_concat")


def sequence_and_vector():
    """A sequence branch joined with a vector input."""
    series = keras.Input((6, 3), name="series")
    meta = keras.Input((4,), name="meta")
    x = layers.Concatenate(name="joined")([layers.LSTM(5, name="encoder")(series), meta])
    return keras.Model([series, meta], layers.Dense(3, name="head")(x), name="sequence_and_vector")


def return_state():
    """return_state on a layer whose states nothing reads: a file saying return_state = true loads only into a
    layer declaring it, which rnnc allows only where the states start another layer (refused)."""
    inp = keras.Input((5, 2), name="window")
    out, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    return keras.Model(inp, layers.Dense(1, name="head")(out), name="return_state")


def rnn_stacked_cells():
    """RNN over a list of built-in cells (StackedRNNCells), then RNN over StackedRNNCells itself."""
    inp = keras.Input((7, 3), name="window")
    x = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3, reset_after=False), layers.SimpleRNNCell(5, activation="relu")],
                   return_sequences=True, name="stack")(inp)
    x = layers.RNN(layers.StackedRNNCells([layers.GRUCell(4), layers.LSTMCell(2, unit_forget_bias=False)]),
                   go_backwards=True, name="summary")(x)
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="rnn_stacked_cells")


def stacked_cells_states():
    """An LSTM's states start a stack of two GRU cells (by position: h into cell 0, c into cell 1)."""
    inp = keras.Input((6, 3), name="window")
    _, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    x = layers.RNN([layers.GRUCell(4), layers.GRUCell(4)], return_sequences=True, name="decoder")(
        inp, initial_state=[h, c])
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="stacked_cells_states")


def bidirectional_backward_layer():
    """Bidirectional with a backward_layer of its own (a GRU, relu): @Bidirectional(backwardLayer).

    (Units differing between the directions break Keras 3.15's own output shape of a concat.)"""
    return seq(layers.Bidirectional(layers.LSTM(3, name="forward"),
                                    backward_layer=layers.GRU(3, activation="relu", go_backwards=True,
                                                              name="backward"), name="bi"),
               layers.Dense(2, name="head"), name="bidirectional_backward_layer")


def bidirectional_merge_none():
    """merge_mode=None: the forward sequence through a Dense, concatenated after the backward sequence."""
    inp = keras.Input((6, 3), name="window")
    forward, backward = layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None,
                                             name="encoder")(inp)
    tags = layers.Dense(3, name="tags")(forward)
    x = layers.Concatenate(name="joined")([backward, tags])
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="bidirectional_merge_none")


def one_direction_output():
    """merge_mode=None, the model's one output the forward direction's last output (Model(x, fwd))."""
    inp = keras.Input((5, 2), name="window")
    forward, _ = layers.Bidirectional(layers.LSTM(3), merge_mode=None, name="bi")(inp)
    return keras.Model(inp, forward, name="one_direction_output")


def direction_beside_head():
    """A head on the forward sequence beside the backward sequence itself: Model(x, [tags, bwd])."""
    inp = keras.Input((6, 3), name="window")
    forward, backward = layers.Bidirectional(layers.GRU(4, return_sequences=True), merge_mode=None,
                                             name="encoder")(inp)
    tags = layers.Dense(2, name="tags")(forward)
    return keras.Model(inp, [tags, backward], name="direction_beside_head")


def bidirectional_none_masked():
    """merge_mode=None under a mask: both directions carry it into their Average and an LSTM."""
    inp = keras.Input((8, 2), name="window")
    x = layers.Masking(0.0, name="pad")(inp)
    forward, backward = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None,
                                             name="encoder")(x)
    x = layers.Average(name="mean")([forward, backward])
    return keras.Model(inp, layers.LSTM(2, name="summary")(x), name="bidirectional_none_masked")


def bidirectional_states():
    """A Bidirectional encoder's forward and backward states start a Bidirectional decoder (sum)."""
    inp = keras.Input((5, 3), name="window")
    _, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(3, return_state=True), name="encoder")(inp)
    x = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode="sum", name="decoder")(
        inp, initial_state=[fh, fc, bh, bc])
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="bidirectional_states")


def bidirectional_cells():
    """Bidirectional around an RNN over stacked built-in cells."""
    return seq(layers.Bidirectional(layers.RNN([layers.GRUCell(3), layers.LSTMCell(2)], return_sequences=True),
                                    merge_mode="concat", name="encoder"),
               layers.Dense(2, name="head"), shape=(6, 3), name="bidirectional_cells")


def states_output():
    """The model returns the last LSTM's output and its final h and c: a returnState record."""
    inp = keras.Input((6, 3), name="window")
    x = layers.GRU(5, return_sequences=True, name="features")(inp)
    return keras.Model(inp, layers.LSTM(4, return_state=True, name="encoder")(x), name="states_output")


def bidirectional_states_output():
    """The model returns a Bidirectional GRU's output and both directions' final h."""
    inp = keras.Input((5, 2), name="window")
    return keras.Model(inp, layers.Bidirectional(layers.GRU(3, return_state=True), name="encoder")(inp),
                       name="bidirectional_states_output")


def call_states():
    """The first LSTM starts from h and c given as model inputs: rnnc's calls take them after the input."""
    x = keras.Input((6, 3), name="window")
    h0 = keras.Input((4,), name="h0")
    c0 = keras.Input((4,), name="c0")
    seq = layers.LSTM(4, return_sequences=True, name="encoder")(x, initial_state=[h0, c0])
    return keras.Model([x, h0, c0], layers.Dense(2, name="head")(seq), name="call_states")


def sequential_states():
    """A Sequential model whose last LSTM has return_state: it returns the output, h and c."""
    return seq(layers.GRU(4, return_sequences=True, name="features"), layers.LSTM(3, return_state=True, name="encoder"),
               shape=(6, 2), name="sequential_states")


def rnn_single_cells():
    """RNN around one built-in cell (Keras keeps its weights in cell/vars, not cell/cells/<cell>/vars)."""
    return seq(layers.RNN(layers.LSTMCell(3), return_sequences=True, name="generic"),
               layers.RNN(layers.GRUCell(2, reset_after=False), name="summary"),
               layers.Dense(2, name="head"), shape=(6, 3), name="rnn_single_cells")


def sequential_merge_none():
    """A Sequential whose output is a merge_mode=None Bidirectional: the list [forward, backward]."""
    return seq(layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None, name="bi"),
               name="sequential_merge_none")


def middle_states():
    """return_state on a layer before the last: the model outputs the head, then the encoder's h and c."""
    inp = keras.Input((6, 3), name="window")
    seq_, h, c = layers.LSTM(4, return_sequences=True, return_state=True, name="encoder")(inp)
    return keras.Model(inp, [layers.Dense(2, name="head")(seq_), h, c], name="middle_states")


def decoder_states():
    """Keras' seq2seq inference decoder: started from the encoder, returning the head and its own states."""
    x = keras.Input((6, 3), name="source")
    y = keras.Input((4, 2), name="target")
    _, eh = layers.GRU(4, return_state=True, name="encoder")(x)
    dseq, dh = layers.GRU(4, return_sequences=True, return_state=True, name="decoder")(y, initial_state=eh)
    return keras.Model([x, y], [layers.Dense(3, activation="softmax", name="head")(dseq), dh],
                       name="decoder_states")


def some_states_output():
    """The model outputs the last LSTM's output and its h only (not c): a record (encoder, encoderH)."""
    inp = keras.Input((5, 2), name="window")
    out, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    return keras.Model(inp, [out, h], name="some_states_output")


def inference_decoder():
    """Keras' seq2seq inference decoder: given states in (model inputs), the head and its final states out."""
    y = keras.Input((4, 2), name="target")
    h0, c0 = keras.Input((3,), name="h0"), keras.Input((3,), name="c0")
    dseq, h, c = layers.LSTM(3, return_sequences=True, return_state=True, name="decoder")(y, initial_state=[h0, c0])
    return keras.Model([y, h0, c0], [layers.Dense(2, activation="softmax", name="head")(dseq), h, c],
                       name="inference_decoder")


GRAPHS = {"two_inputs": two_inputs, "two_outputs": two_outputs, "residual": residual,
          "shared_layer": shared_layer, "siamese": siamese, "encoder_decoder": encoder_decoder,
          "gru_state_chain": gru_state_chain, "masked_concat": masked_concat,
          "sequence_and_vector": sequence_and_vector,
          "rnn_stacked_cells": rnn_stacked_cells, "stacked_cells_states": stacked_cells_states,
          "bidirectional_backward_layer": bidirectional_backward_layer,
          "bidirectional_merge_none": bidirectional_merge_none, "bidirectional_none_masked": bidirectional_none_masked,
          "one_direction_output": one_direction_output, "direction_beside_head": direction_beside_head,
          "bidirectional_states": bidirectional_states, "bidirectional_cells": bidirectional_cells,
          "states_output": states_output, "bidirectional_states_output": bidirectional_states_output,
          "call_states": call_states, "sequential_states": sequential_states,
          "rnn_single_cells": rnn_single_cells, "sequential_merge_none": sequential_merge_none,
          "middle_states": middle_states, "decoder_states": decoder_states,
          "some_states_output": some_states_output, "inference_decoder": inference_decoder}


def graph_input(rng, name: str, tensor, batch: int = 3):
    """Inputs for one model input: token ids for int inputs (3 lengths apart for variable ones)."""
    shape = tuple(tensor.shape[1:])
    if "int" in str(tensor.dtype):
        t = shape[0] if shape[0] is not None else 4 + (len(name) % 3)
        return rng.integers(0, 20, (batch, t)).astype(np.int32)
    if name == "window" and len(shape) == 2 and shape[0] == 8:  # masked: padded rows
        return g.padded_float_input(rng, 8, shape[1])[:batch]
    return rng.normal(0.0, 1.0, (batch, *shape)).astype(np.float32)


def write_graph(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model = GRAPHS[name]()
    g.randomize_weights(model, g.case_rng(name, salt=1))
    rng = g.case_rng(name)
    inputs = [graph_input(rng, t.name, t) for t in model.inputs]
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    path = OUT / f"{name}.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path)
    again = reloaded.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    for y, y2 in zip(outputs, list(again) if isinstance(again, (list, tuple)) else [again], strict=True):
        assert np.array_equal(y, y2), f"{name}: reloaded model differs"
    g.write_json(OUT / f"{name}.json", {
        "case": name,
        "keras_version": keras.__version__,
        "weights": path.name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "inputs": [{"name": t.name, "value": g.to_json_array(x)} for t, x in zip(model.inputs, inputs)],
        "outputs": [g.to_json_array(y) for y in outputs],
    })
    print(f"{name:28s} {path.stat().st_size:7d} B, outputs {[tuple(y.shape) for y in outputs]}")


# ---------------------------------------------------------------------------------------------
# Stateful models: consecutive calls on one stream


def sensor_stream():
    """One timestep per call, batch size 1: GRU(stateful, seq) -> LSTM(stateful) -> Dense.

    Every recurrent layer is stateful and T = 1, so the importer also writes the step call.
    Calls: 6 in a row, then a reset and 3 more.
    """
    model = keras.Sequential([
        keras.Input((1, 3), batch_size=1, name="reading"),
        layers.GRU(5, stateful=True, return_sequences=True, name="smooth"),
        layers.LSTM(4, stateful=True, name="track"),
        layers.Dense(2, name="readout"),
    ], name="sensor_stream")
    return model, (1, 3), (6, 3)


def stateful_skip():
    """A stateful graph: a stateful GRU's sequence concatenated with the input, a stateful LSTM, a Dense."""
    inp = keras.Input((4, 3), batch_size=1, name="window")
    x = layers.GRU(4, stateful=True, return_sequences=True, name="encoder")(inp)
    x = layers.Concatenate(name="joined")([inp, x])
    x = layers.LSTM(3, stateful=True, name="summary")(x)
    return keras.Model(inp, layers.Dense(2, name="head")(x), name="stateful_skip"), (4, 3), (3, 2)


STREAMS = {"sensor_stream": sensor_stream, "stateful_skip": stateful_skip}


def write_stream(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    model, input_shape, (before, after) = STREAMS[name]()
    g.randomize_weights(model, g.case_rng(name, salt=1))
    stream = g._stream(g.case_rng(name), before, after, *input_shape)
    outputs = g.run_stream(model, stream)
    states: dict = {}
    max_ref = 0.0
    for (reset_before, x), y in zip(stream, outputs):
        if reset_before:
            states.clear()
        if isinstance(model, keras.Sequential):  # the float64 reference follows chains only
            max_ref = max(max_ref, float(np.max(np.abs(y.astype(np.float64)
                                                       - g.reference_forward(model, x, states)))))
    if max_ref > g.REFERENCE_TOLERANCE:
        raise SystemExit(f"{name}: Keras and the float64 reference differ by {max_ref:.2e}")
    path = OUT / f"{name}.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path)  # states are not saved: fresh zeros
    for y, y2 in zip(outputs, g.run_stream(reloaded, stream)):
        assert np.array_equal(y, y2), f"{name}: reloaded model differs"
    g.write_json(OUT / f"{name}.json", {
        "case": name,
        "keras_version": keras.__version__,
        "description": g.describe(model, input_shape),
        "weights": path.name,
        "layers": [f"{l.name} ({type(l).__name__})" for l in model.layers],
        "batch_shape": [1, *input_shape],
        "streaming": input_shape[0] == 1,
        "calls": [{"reset_before": reset_before, "input": g.to_json_array(x[0]), "expected": g.to_json_array(y[0])}
                  for (reset_before, x), y in zip(stream, outputs)],
    })
    print(f"{name:28s} max|keras-numpy64| = {max_ref:.2e}")


# ---------------------------------------------------------------------------------------------
# Unsupported models: one feature each


def seq(*stack, shape=(5, 2), name, **input_kwargs):
    return keras.Sequential([keras.Input(shape, **input_kwargs), *stack], name=name)












def lora():
    m = seq(layers.LSTM(4, name="encoder"), layers.Dense(3, name="head"), name="lora")
    m.get_layer("head").enable_lora(2)
    return m


def ignored_options():
    """Options that do not change inference: the importer drops them with a note (or silently)."""
    return seq(
        layers.LSTM(4, unroll=True, dropout=0.2, recurrent_dropout=0.1, zero_output_for_mask=True, seed=7,
                    kernel_initializer="he_normal", kernel_regularizer="l2", recurrent_constraint="non_neg",
                    name="encoder"),
        layers.Dropout(0.5, noise_shape=(None, 4), seed=3, name="drop"),
        layers.Dense(1, bias_regularizer="l1", name="head"),
        shape=(None, 3), name="ignored_options")


def stateful_batch():
    """Stateful with batch size 2 (two streams in Keras) and 40 timesteps, unrolled: imported with notes."""
    return seq(layers.GRU(4, stateful=True, unroll=True, name="encoder"), layers.Dense(1, name="head"),
               shape=(40, 3), batch_size=2, name="stateful_batch")


def foreign_mask():
    """A mask computed by hand and passed to a layer that no Masking or Embedding(mask_zero) precedes."""
    window = keras.Input((5, 2), name="window")
    x = layers.LSTM(4, return_sequences=True, name="encoder")(window)
    mask = keras.ops.any(keras.ops.not_equal(window, 0.0), axis=-1)
    return keras.Model(window, layers.LSTM(3, name="summary")(x, mask=mask), name="foreign_mask")


@keras.saving.register_keras_serializable(package="rnnc_fixtures")
class MinimalRNNCell(layers.Layer):
    """The Keras guide's custom cell: not a built-in cell, so the importer cannot declare it."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(states[0], self.recurrent_kernel)
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def functional(build, name, shape=(5, 2), **input_kwargs):
    inp = keras.Input(shape, name="window", **input_kwargs)
    outputs = build(inp)
    return keras.Model(inp, outputs, name=name)


def state_as_input():
    inp = keras.Input((5, 2), name="window")
    _, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    return keras.Model(inp, layers.Dense(1, name="head")(h), name="state_as_input")


def states_swapped():
    inp = keras.Input((5, 2), name="window")
    _, h, c = layers.LSTM(4, return_state=True, name="encoder")(inp)
    return keras.Model(inp, layers.LSTM(4, name="decoder")(inp, initial_state=[c, h]), name="states_swapped")


def masked_initial_state():
    inp = keras.Input((5, 2), name="window")
    x = layers.Masking(name="pad")(inp)
    _, h = layers.GRU(3, return_state=True, name="encoder")(x)
    return keras.Model(inp, layers.GRU(3, name="decoder")(x, initial_state=h), name="masked_initial_state")


def call_states_second_layer():
    x = keras.Input((5, 2), name="window")
    h0 = keras.Input((3,), name="h0")
    seq = layers.GRU(3, return_sequences=True, name="first")(x)
    return keras.Model([x, h0], layers.GRU(3, name="second")(seq, initial_state=h0), name="call_states_second_layer")


def partial_mask_merge():
    inp = keras.Input((5, 2), name="window")
    masked = layers.LSTM(3, return_sequences=True, name="masked")(layers.Masking(name="pad")(inp))
    plain = layers.LSTM(3, return_sequences=True, name="plain")(inp)
    x = layers.Concatenate(name="joined")([masked, plain])
    return keras.Model(inp, layers.LSTM(2, name="summary")(x), name="partial_mask_merge")


def masked_multiply():
    inp = keras.Input((5, 2), name="window")
    x = layers.Masking(name="pad")(inp)
    a = layers.GRU(3, return_sequences=True, name="a")(x)
    b = layers.GRU(3, return_sequences=True, name="b")(x)
    return keras.Model(inp, layers.LSTM(2, name="summary")(layers.Multiply(name="product")([a, b])),
                       name="masked_multiply")


def attention():
    inp = keras.Input((5, 2), name="window")
    x = layers.LSTM(4, return_sequences=True, name="encoder")(inp)
    x = layers.Attention(name="attention")([x, x])
    return keras.Model(inp, layers.LSTM(2, name="summary")(x), name="attention")


UNSUPPORTED_CASES = {
    "op_input": lambda: functional(lambda x: layers.LSTM(3, name="encoder")(keras.ops.multiply(x, 2.0)), "op_input"),
    "state_as_input": state_as_input,
    "same_input_twice": lambda: functional(
        lambda x: layers.LSTM(3, name="encoder")(layers.Add(name="double")([x, x])), "same_input_twice"),
    "states_swapped": states_swapped,
    "masked_initial_state": masked_initial_state,
    "call_states_second_layer": call_states_second_layer,
    "partial_mask_merge": partial_mask_merge,
    "masked_multiply": masked_multiply,
    "concatenate_time_axis": lambda: functional(
        lambda x: layers.LSTM(3, name="encoder")(
            layers.Concatenate(axis=1, name="longer")([x, layers.LSTM(2, return_sequences=True, name="a")(x)])),
        "concatenate_time_axis"),
    "shared_bidirectional": lambda: functional(
        lambda x: (lambda bi: bi(bi(x)))(layers.Bidirectional(layers.GRU(1, return_sequences=True), name="bi")),
        "shared_bidirectional"),
    "attention": attention,
    "layer_normalization": lambda: seq(layers.LSTM(3, return_sequences=True, name="encoder"),
                                       layers.LayerNormalization(name="norm"), name="layer_normalization"),
    "custom_cell": lambda: seq(layers.RNN([layers.GRUCell(3), MinimalRNNCell(2)], name="custom"),
                               name="custom_cell"),
    "return_state": return_state,
    # the model outputs one direction of a merge_mode=None layer: read it into a later layer instead
    "time_distributed_dropout": lambda: seq(layers.LSTM(3, return_sequences=True, name="encoder"),
                                            layers.TimeDistributed(layers.Dropout(0.1), name="per_step"),
                                            name="time_distributed_dropout"),
    "masking_after_vector": lambda: seq(layers.LSTM(3, name="encoder"), layers.Masking(name="mask"),
                                        layers.Dense(1, name="head"), name="masking_after_vector"),
    "mask_zero_no_vocabulary": lambda: seq(layers.Embedding(1, 4, mask_zero=True, name="embed"),
                                           layers.LSTM(3, name="encoder"), shape=(6,), dtype="int32",
                                           name="mask_zero_no_vocabulary"),
    # Keras 3.15's unrolled loop zeroes go_backwards outputs by the un-reversed mask (not the loop's result)
    "unroll_backwards_masked": lambda: seq(layers.Masking(name="mask"),
                                           layers.LSTM(3, go_backwards=True, zero_output_for_mask=True,
                                                       return_sequences=True, unroll=True, name="encoder"),
                                           shape=(8, 2), name="unroll_backwards_masked"),
    "bidirectional_unroll_masked": lambda: seq(layers.Masking(name="mask"),
                                               layers.Bidirectional(layers.GRU(3, return_sequences=True,
                                                                               unroll=True), name="bi"),
                                               shape=(8, 2), name="bidirectional_unroll_masked"),
    "foreign_mask": foreign_mask,
    "conv1d": lambda: seq(layers.Conv1D(4, 3, name="conv"), layers.LSTM(3, name="encoder"), name="conv1d"),
    "unknown_activation": lambda: seq(layers.LSTM(3, name="encoder"), layers.Dense(2, activation="leaky_relu",
                                                                                   name="head"),
                                      name="unknown_activation"),
    "softmax_recurrent": lambda: seq(layers.SimpleRNN(3, activation="softmax", name="encoder"),
                                     name="softmax_recurrent"),
    "float64": lambda: seq(layers.LSTM(3, dtype="float64", name="encoder"), name="float64"),
    "flat_input": lambda: seq(layers.Dense(3, name="head"), shape=(4,), name="flat_input"),
    "lora": lora,
    "dropout_rate_one": lambda: seq(layers.LSTM(3, name="encoder"), layers.Dropout(1.0, name="drop"),
                                    name="dropout_rate_one"),
    "unbuilt": lambda: keras.Sequential([layers.LSTM(3, name="encoder")], name="unbuilt"),
    "embedding_not_first": lambda: seq(layers.Dropout(0.1, name="drop"), layers.Embedding(10, 4, name="embed"),
                                       layers.LSTM(3, name="encoder"), shape=(6,), dtype="int32",
                                       name="embedding_not_first"),
    "several_problems": lambda: seq(layers.GRU(4, activation="relu6", recurrent_activation="relu6",
                                               return_sequences=True, name="encoder"),
                                    layers.Conv1D(2, 2, name="conv"), name="several_problems"),
}

# Imported with notes, not refused
NOTED_CASES = {"ignored_options": ignored_options, "stateful_batch": stateful_batch}


def write_noted(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    path = OUT / f"{name}.keras"
    NOTED_CASES[name]().save(path)
    print(f"{path.name:28s} {path.stat().st_size:7d} B")


def write_unsupported(name: str) -> None:
    keras.backend.clear_session()
    keras.utils.set_random_seed(zlib.crc32(name.encode()))
    path = UNSUPPORTED / f"{name}.keras"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "unbuilt" is saved unbuilt on purpose
        model = UNSUPPORTED_CASES[name]()
        model.save(path)
    if name in ("unroll_backwards_masked", "bidirectional_unroll_masked"):
        assert_unroll_differs(name, model)
    print(f"unsupported/{path.name:28s} {path.stat().st_size:7d} B")


def assert_unroll_differs(name: str, model) -> None:
    """Shows that refusing the model is warranted: Keras' unrolled loop differs from its own loop."""
    def looped(layer):
        cfg = layer.get_config()
        for inner in (cfg, cfg.get("layer", {}).get("config", {}), cfg.get("backward_layer", {}).get("config", {})):
            if "unroll" in inner:
                inner["unroll"] = False
        return type(layer).from_config(cfg)
    twin = keras.models.clone_model(model, clone_function=looped)
    twin.set_weights(model.get_weights())
    x = g.padded_float_input(g.case_rng(name), 8, 2)
    diff = float(np.max(np.abs(model.predict(x, verbose=0) - twin.predict(x, verbose=0))))
    assert diff > 1e-2, f"{name}: Keras' unrolled loop agrees with its loop ({diff:.1e})"
    print(f"{name}: Keras unroll=True vs unroll=False max diff {diff:.2e}")


def write_keras2_metadata() -> None:
    # Keras 3 writes only its own version; derive an "old" archive by rewriting metadata.json.
    source = OUT / "keras_zip.keras"
    target = UNSUPPORTED / "keras2_metadata.keras"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "metadata.json":
                meta = json.loads(data)
                meta["keras_version"] = "2.15.0"
                data = json.dumps(meta).encode()
            zout.writestr(item, data)
    print(f"unsupported/{target.name:28s} {target.stat().st_size:7d} B")


def copy_examples() -> None:
    shutil.copyfile(g.RESOURCES / "forecaster.keras", OUT / "forecaster.keras")
    shutil.copyfile(g.RESOURCES / "forecaster-check.json", OUT / "forecaster-check.json")
    shutil.copyfile(g.FIXTURES / "keras_zip.keras", OUT / "keras_zip.keras")
    shutil.copyfile(g.FIXTURES / "keras_zip.json", OUT / "keras_zip.json")


def main(argv: list[str]) -> None:
    # "copies" first: keras2_metadata derives from the copied keras_zip.keras
    writers = {"copies": copy_examples, "keras2_metadata": write_keras2_metadata}
    writers |= {name: (lambda n=name: write_supported(n)) for name in SUPPORTED}
    writers |= {name: (lambda n=name: write_stream(n)) for name in STREAMS}
    writers |= {name: (lambda n=name: write_graph(n)) for name in GRAPHS}
    writers |= {name: (lambda n=name: write_noted(n)) for name in NOTED_CASES}
    writers |= {name: (lambda n=name: write_unsupported(n)) for name in UNSUPPORTED_CASES}
    unknown = [name for name in argv if name not in writers]
    if unknown:
        raise SystemExit(f"unknown cases {unknown}; known: {sorted(writers)}")
    UNSUPPORTED.mkdir(parents=True, exist_ok=True)
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}")
    for name in argv or writers:
        writers[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
