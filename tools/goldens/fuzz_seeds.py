"""Seeds for the loaders' fuzz tests (runtime WeightFilesFuzzTest) that only Keras can write.

The fuzz targets load into the model of io_fixtures.gru_v1_model; a real Keras archive of it lets
the fuzzer start past the zip and HDF5 parsers, in the config check and the matching. The other
seeds are copies of fixtures (see the test's Javadoc) or written by rnnc's own writers.

    .venv/bin/python tools/goldens/fuzz_seeds.py
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import io_fixtures  # noqa: E402

INPUTS = (
    pathlib.Path(__file__).resolve().parents[2]
    / "runtime/src/test/resources/dev/rnnc/runtime/io/WeightFilesFuzzTestInputs"
)


def main():
    out = INPUTS / "kerasArchive"
    out.mkdir(parents=True, exist_ok=True)
    io_fixtures.gru_v1_model().save(out / "keras-gru_v1.keras")
    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:7d}  {path.name}")


if __name__ == "__main__":
    main()
