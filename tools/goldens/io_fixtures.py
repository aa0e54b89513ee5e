"""Writes the Keras 3 weight-file fixtures that KerasWeightsTest loads.

Run from the repository root with the project venv:

    TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python tools/goldens/io_fixtures.py

Each model gets seeded, non-constant weights (Keras' own initializers leave
biases at zero, which would hide a swapped or skipped variable) and is saved
with real Keras into runtime/src/test/resources/io/. Next to each weight file a
JSON holds the exact values the Java test expects after loading:

    {keras_layer_name: {variable_name: {"shape": [...], "values": [flat, row-major]}}}

Float32 values survive the JSON round trip exactly (Python writes the shortest
double that round-trips, Java parses it and narrows to the same float).

A few files are derived from a Keras-written one with h5py to cover what Keras
itself never writes: float64 and float16 datasets, an int64 dataset, a NaN, and
files without the `name` attribute (as older Keras 3 releases wrote them).

Verified layout (Keras 3.15.1): the user-given layer name is only the `name`
attribute of the group layers/<key>/vars; layers/<key>/cell/vars carries the
cell's name (lstm_cell), the root vars group the model name.
"""

import json
import os
import pathlib
import shutil
import struct
import zipfile
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[2] / "runtime/src/test/resources/io"


def randomize(model, seed):
    """Gives every variable distinct random values, drawn in model order."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        layer.set_weights([
            rng.uniform(-1, 1, w.shape).astype(np.float32) for w in layer.get_weights()
        ])


def expected(model, convert=None):
    """The weights per Keras layer name and variable name, optionally converted."""
    result = {}
    for layer in model.layers:
        if not layer.weights:
            continue
        entry = {}
        for v in layer.weights:
            values = np.asarray(v.numpy(), dtype=np.float32)
            if convert is not None:
                values = convert(values)
            entry[v.name] = {
                "shape": list(values.shape),
                "values": [float(x) for x in values.reshape(-1)],
            }
        result[layer.name] = entry
    return result


def write_json(name, data):
    (OUT / name).write_text(json.dumps(data, indent=1) + "\n")


def named_model():
    """Functional, user-named layers: Input(5,3) → LSTM → Dropout → GRU → Dense."""
    keras.backend.clear_session()
    inp = keras.Input((5, 3))
    x = keras.layers.LSTM(4, name="encoder", return_sequences=True)(inp)
    x = keras.layers.Dropout(0.2, name="drop")(x)
    x = keras.layers.GRU(3, name="summary")(x)
    out = keras.layers.Dense(2, name="head")(x)
    model = keras.Model(inp, out, name="named")
    randomize(model, 1)
    return model


def default_names_model():
    """Sequential with Keras' default names: keys and names lstm, lstm_1, dense, dense_1."""
    keras.backend.clear_session()  # restarts the name counters, so names equal the keys
    model = keras.Sequential([
        keras.Input((6, 2)),
        keras.layers.LSTM(3, return_sequences=True),
        keras.layers.LSTM(2),
        keras.layers.Dense(4),
        keras.layers.Dense(1),
    ])
    randomize(model, 2)
    return model


def embedding_rnn_model():
    """Embedding → two SimpleRNNs → Dense, user-named."""
    keras.backend.clear_session()
    inp = keras.Input((7,), dtype="int32")
    x = keras.layers.Embedding(10, 4, name="embed")(inp)
    x = keras.layers.SimpleRNN(5, name="rnn1", return_sequences=True)(x)
    x = keras.layers.SimpleRNN(3, name="rnn2")(x)
    out = keras.layers.Dense(2, name="out")(x)
    model = keras.Model(inp, out, name="embedding_rnn")
    randomize(model, 3)
    return model


def gru_v1_model():
    """GRU with reset_after=False: a 1-D bias of 3·units."""
    keras.backend.clear_session()
    inp = keras.Input((4, 2))
    x = keras.layers.GRU(3, reset_after=False, name="gru_v1")(inp)
    out = keras.layers.Dense(1, name="head")(x)
    model = keras.Model(inp, out, name="gru_v1")
    randomize(model, 4)
    return model


def no_bias_model():
    """use_bias=False everywhere: two variables per recurrent layer, one per Dense."""
    keras.backend.clear_session()
    inp = keras.Input((4, 2))
    x = keras.layers.LSTM(3, use_bias=False, name="enc", return_sequences=True)(inp)
    x = keras.layers.GRU(2, use_bias=False, name="dec")(x)
    out = keras.layers.Dense(2, use_bias=False, name="head")(x)
    model = keras.Model(inp, out, name="no_bias")
    randomize(model, 5)
    return model


def rewrite(source, target, transform):
    """Copies a Keras file, replacing datasets under layers/ via transform(path, array)."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        datasets = []
        f["layers"].visititems(
            lambda path, obj: datasets.append("layers/" + path) if isinstance(obj, h5py.Dataset) else None)
        for path in datasets:
            replacement = transform(path, f[path][()])
            if replacement is not None:
                del f[path]
                f.create_dataset(path, data=replacement)


def shape_bomb(source, target):
    """Copies a weights file, replacing the Dense kernel by a chunked dataset that declares
    shape (100000, 100000) float32 (40 GB) but stores nothing: reading it would fill memory."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        del f["layers/dense/vars/0"]
        f.create_dataset("layers/dense/vars/0", shape=(100000, 100000), dtype=np.float32, chunks=(100, 100))
    with h5py.File(target, "r+") as f:
        del f["layers/dense/vars/1"]
        f.create_dataset("layers/dense/vars/1", shape=(30000, 30000), dtype=np.float32, chunks=(100, 100))


def restore(source, target, path, one_chunk=False, then=None, **options):
    """Copies a weights file with the dataset at path written again, its values unchanged, with
    h5py's storage options (one_chunk: chunked in one chunk of its own shape); then, if given, is
    called with the new dataset while the file is open."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        values = f[path][()]
        del f[path]
        if one_chunk:
            options["chunks"] = values.shape
        dataset = f.create_dataset(path, data=values, **options)
        if then is not None:
            then(dataset)
    return values


def data_past_end(source, target):
    """Copies a weights file with the Dense kernel stored contiguous and its dataspace patched to
    declare 100000 times its rows: the data it declares runs past the end of the file (which the
    superblock still covers). jhdf's read loop would ask for the missing bytes again and again."""
    kernel = restore(source, target, "layers/dense/vars/0")  # contiguous, h5py's default
    rows, cols = kernel.shape
    raw = bytearray(target.read_bytes())
    # its dataspace message: the dimensions, then the same as maximum dimensions, 8 bytes each
    dims = rows.to_bytes(8, "little") + cols.to_bytes(8, "little")
    at = raw.find(dims + dims)
    assert at >= 0 and raw.find(dims + dims, at + 1) < 0, "the dataspace must occur once"
    for field in (at, at + 16):
        raw[field:field + 8] = (rows * 100000).to_bytes(8, "little")
    target.write_bytes(bytes(raw))


def one_chunk_kernel(source, target):
    """Copies a weights file with the Dense kernel stored as one chunk; returns the copy's bytes
    and where the chunk's address lies in them (in the chunk B-tree, after the chunk's key: its
    size, 4 bytes, its filter mask, 4, and its offsets, 8 each for the two dimensions and one more)."""
    restore(source, target, "layers/dense/vars/0", one_chunk=True)
    with h5py.File(target, "r") as f:
        chunk = f["layers/dense/vars/0"].id.get_chunk_info(0)
    raw = bytearray(target.read_bytes())
    address = chunk.byte_offset.to_bytes(8, "little")
    at = raw.find(address)
    assert at >= 0 and raw.find(address, at + 1) < 0, "the chunk address must occur once"
    size_at = at - 3 * 8 - 4 - 4
    assert int.from_bytes(raw[size_at:size_at + 4], "little") == chunk.size
    return raw, at, size_at


def chunk_past_end(source, target):
    """The Dense kernel as one chunk whose address is patched to 8 bytes before the end of the
    file: the chunk's bytes run past it (libhdf5: "addr overflow"). jhdf's read loop would return
    the last bytes over and over as the chunk's data."""
    raw, at, _ = one_chunk_kernel(source, target)
    raw[at:at + 8] = (len(raw) - 8).to_bytes(8, "little")
    target.write_bytes(bytes(raw))


def huge_chunk(source, target):
    """The Dense kernel as one chunk whose stored size is patched to almost 2 GiB in a file of a few
    KB: jhdf would allocate a buffer of that size before reading."""
    raw, _, size_at = one_chunk_kernel(source, target)
    raw[size_at:size_at + 4] = (0x7FFFFFF0).to_bytes(4, "little")
    target.write_bytes(bytes(raw))


def gzip_kernel(source, target):
    """Copies a weights file with the Dense kernel stored chunked and deflated (h5py's "gzip"):
    Keras writes no filtered datasets, but h5py users can; it must load as the plain file does."""
    restore(source, target, "layers/dense/vars/0", one_chunk=True, compression="gzip")


def deflate_bomb(source, target):
    """The Dense kernel deflated in one chunk of 64 x 64 floats (16 KiB) whose stream inflates to
    64 MiB of zeros: a file of about 90 KB that jhdf would inflate whole (a larger stream, to
    gigabytes)."""
    restore(source, target, "layers/dense/vars/0", chunks=(64, 64), maxshape=(None, None),
            compression="gzip",
            then=lambda dataset: dataset.id.write_direct_chunk(
                (0, 0), zlib.compress(bytes(64 << 20), 9), 0))


def lzf_kernel(source, target):
    """The Dense kernel stored chunked with h5py's LZF filter: it must load as the plain file."""
    restore(source, target, "layers/dense/vars/0", one_chunk=True, compression="lzf")


def lzf_declared_bomb(source, target):
    """lzf_kernel with the LZF filter's third parameter, the decoded chunk's size (24 bytes), patched
    to almost 2 GiB: jhdf would allocate that much before decoding."""
    lzf_kernel(source, target)
    raw = bytearray(target.read_bytes())
    # the filter pipeline message: the name "lzf" padded to 8 bytes, then the parameters 4, 261, 24
    parameters = b"lzf\0\0\0\0\0" + struct.pack("<3I", 4, 261, 24)
    at = raw.find(parameters)
    assert at >= 0 and raw.find(parameters, at + 1) < 0, "the LZF parameters must occur once"
    raw[at + 16:at + 20] = struct.pack("<I", 0x7FFFFFF0)
    target.write_bytes(bytes(raw))


def lz4_declared_bomb(source, target, filter_id=32004, parameters=(0,)):
    """The Dense kernel in one chunk under HDF5's LZ4 filter (32004; or bitshuffle, 32008, with
    LZ4) whose header declares almost 2 GiB decoded: jhdf would allocate that much. Written with
    the filter optional and the chunk raw, as h5py has no LZ4 encoder."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        kernel = f["layers/dense/vars/0"][()]
        del f["layers/dense/vars/0"]
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_chunk(kernel.shape)
        plist.set_filter(filter_id, h5py.h5z.FLAG_OPTIONAL, parameters)
        dataset = h5py.h5d.create(f["layers/dense/vars"].id, b"0", h5py.h5t.IEEE_F32LE,
                                  h5py.h5s.create_simple(kernel.shape), dcpl=plist)
        # decoded size 2 GiB - 16, block size 1 MiB, then one block of 4 bytes
        chunk = struct.pack(">QI", 0x7FFFFFF0, 1 << 20) + struct.pack(">I", 4) + bytes(4)
        dataset.write_direct_chunk((0, 0), chunk, 0)


def compress_all(source, target):
    """Copies a weights file with every dataset stored chunked and compressed, h5py's "gzip" and
    "lzf" in turn, attributes kept: a seed that leads the fuzzer into the decompressing filters."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        paths = []
        f.visititems(lambda name, node: paths.append(name) if isinstance(node, h5py.Dataset) else None)
        for i, name in enumerate(paths):
            values, attrs = f[name][()], dict(f[name].attrs)
            del f[name]
            dataset = f.create_dataset(name, data=values, chunks=values.shape,
                                       compression=("gzip", "lzf")[i % 2])
            dataset.attrs.update(attrs)


def global_heap_bomb(source, target):
    """Copies a weights file with its global heap collection (where the variable-length name
    attributes live) declaring almost 2 GiB in a file of 27 KB: jhdf reading through a channel
    allocates that much before reading."""
    raw = bytearray(source.read_bytes())
    at = raw.find(b"GCOL")
    assert at >= 0 and raw.find(b"GCOL", at + 1) < 0, "one global heap collection"
    # "GCOL", version 1, three reserved bytes, then the collection's size, 8 bytes
    raw[at + 8:at + 16] = (0x7FFFFFF0).to_bytes(8, "little")
    target.write_bytes(bytes(raw))


def type_size_bomb(source, target):
    """Copies a weights file with the Dense bias stored in one chunk and its float32 type declaring
    410976256 bytes an element (as a fuzzed file's chunked bias did): jhdf would allocate 821 MB
    for its two elements."""
    restore(source, target, "layers/dense/vars/1", one_chunk=True)
    with h5py.File(target, "r") as f:
        header = h5py.h5o.get_info(f["layers/dense/vars/1"].id).addr
    raw = bytearray(target.read_bytes())
    # a datatype message: class and version (0x11, IEEE float), bit fields, then the size, 4 bytes
    float32 = bytes([0x11, 0x20, 0x1F, 0x00]) + struct.pack("<I", 4)
    at = raw.find(float32, header)
    assert at >= 0, "the bias's datatype message follows its object header"
    raw[at + 4:at + 8] = struct.pack("<I", 410976256)
    target.write_bytes(bytes(raw))


def strip_names(source, target):
    """Copies a weights file without the `name` attributes of layers/<key>/vars."""
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        for key in f["layers"]:
            attrs = f["layers"][key]["vars"].attrs
            if "name" in attrs:
                del attrs["name"]


def strip_names_in_archive(source, target):
    """Copies a .keras archive, stripping the name attributes from its model.weights.h5."""
    tmp = target.with_suffix(".tmp.h5")
    with zipfile.ZipFile(source) as zin:
        tmp.write_bytes(zin.read("model.weights.h5"))
        strip_names(tmp, tmp.with_suffix(".stripped.h5"))
        with zipfile.ZipFile(target, "w") as zout:
            for entry in zin.infolist():
                if entry.filename == "model.weights.h5":
                    zout.write(tmp.with_suffix(".stripped.h5"), entry.filename)
                else:
                    zout.writestr(entry, zin.read(entry.filename))
    tmp.unlink()
    tmp.with_suffix(".stripped.h5").unlink()


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    model = named_model()
    model.save_weights(OUT / "named.weights.h5")
    model.save(OUT / "named.keras")
    write_json("named.json", expected(model))

    # float64 values float32 cannot hold exactly (scaled by ~1 ulp): the loader must round
    # to nearest like numpy's astype(float32) does.
    def widen(a):
        return a.astype(np.float64) * (1 + 1e-7)
    rewrite(OUT / "named.weights.h5", OUT / "float64.weights.h5", lambda path, a: widen(a))
    write_json("float64.json", expected(model, lambda a: widen(a).astype(np.float32)))

    rewrite(OUT / "named.weights.h5", OUT / "float16.weights.h5", lambda path, a: a.astype(np.float16))
    write_json("float16.json", expected(model, lambda a: a.astype(np.float16).astype(np.float32)))

    rewrite(OUT / "named.weights.h5", OUT / "int.weights.h5",
            lambda path, a: np.round(a * 10).astype(np.int64) if path == "layers/dense/vars/0" else None)

    def poison(path, a):
        if path == "layers/gru/cell/vars/1":
            a = a.copy()
            a[1, 2] = np.nan
            return a
        return None
    rewrite(OUT / "named.weights.h5", OUT / "nan.weights.h5", poison)

    shape_bomb(OUT / "named.weights.h5", OUT / "shape_bomb.weights.h5")
    data_past_end(OUT / "named.weights.h5", OUT / "data_past_end.weights.h5")
    chunk_past_end(OUT / "named.weights.h5", OUT / "chunk_past_end.weights.h5")
    global_heap_bomb(OUT / "named.weights.h5", OUT / "gcol_bomb.weights.h5")
    type_size_bomb(OUT / "named.weights.h5", OUT / "type_size_bomb.weights.h5")
    huge_chunk(OUT / "named.weights.h5", OUT / "huge_chunk.weights.h5")
    gzip_kernel(OUT / "named.weights.h5", OUT / "gzip.weights.h5")
    deflate_bomb(OUT / "named.weights.h5", OUT / "deflate_bomb.weights.h5")
    lzf_kernel(OUT / "named.weights.h5", OUT / "lzf.weights.h5")
    lzf_declared_bomb(OUT / "named.weights.h5", OUT / "lzf_bomb.weights.h5")
    lz4_declared_bomb(OUT / "named.weights.h5", OUT / "lz4_bomb.weights.h5")
    # bitshuffle's parameters: version, its library's, element size, block size, 2 for LZ4
    lz4_declared_bomb(OUT / "named.weights.h5", OUT / "bitshuffle_bomb.weights.h5", 32008,
                      (0, 0, 4, 0, 2))

    # Keras 3 releases before the `name` attribute: names only in config.json (.keras), or
    # nowhere (.weights.h5, which then loads by order within a kind).
    strip_names(OUT / "named.weights.h5", OUT / "no_name_attrs.weights.h5")
    strip_names_in_archive(OUT / "named.keras", OUT / "no_name_attrs.keras")

    model = default_names_model()
    model.save_weights(OUT / "default_names.weights.h5")
    model.save(OUT / "default_names.keras")
    write_json("default_names.json", expected(model))

    model = embedding_rnn_model()
    model.save_weights(OUT / "embedding_rnn.weights.h5")
    write_json("embedding_rnn.json", expected(model))

    model = gru_v1_model()
    model.save_weights(OUT / "gru_v1.weights.h5")
    # WeightFilesFuzzTest's seed of compressed chunks
    compress_all(OUT / "gru_v1.weights.h5",
                 OUT.parent / "dev/rnnc/runtime/io/WeightFilesFuzzTestInputs/kerasWeightsH5"
                 / "keras-gru_v1-compressed.weights.h5")
    write_json("gru_v1.json", expected(model))

    model = no_bias_model()
    model.save_weights(OUT / "no_bias.weights.h5")
    write_json("no_bias.json", expected(model))

    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:7d}  {path.name}")


if __name__ == "__main__":
    main()
