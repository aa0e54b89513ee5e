"""Prints peer-rtneural.sh's rounds: rnnc's JMH p50/p99 (JSON) beside RTNeural's (RESULT lines).

Usage: peer_report.py OUT ROUNDS. Standard library only. Times in ns, per sequence (M1, M4) or per
streamed step (M5); the ratio is rnnc's p50 over RTNeural's (below 1: rnnc is faster).
"""
import json
import re
import statistics
import sys

# rnnc benchmark -> (row label, the peer's model); M4 is a SimpleRNN, which RTNeural lacks: its GRU
# twin is the comparison the issue names, M4 itself is shown against the same GRU for scale.
ROWS = [
    ("dev.rnnc.benchmarks.M1Benchmark.rnnc", "M1 LSTM64→LSTM32→Dense, per sequence", "m1"),
    ("dev.rnnc.benchmarks.M4Benchmark.rnnc", "M4 SimpleRNN32 (peer: GRU32), per sequence", "m4gru"),
    ("dev.rnnc.benchmarks.PeerBenchmark.m4Gru", "M4 GRU32 twin, per sequence", "m4gru"),
    ("dev.rnnc.benchmarks.M5Benchmark.rnnc", "M5 LSTM32→Dense1, per step", "m5lstm32"),
    ("dev.rnnc.benchmarks.PeerBenchmark.m5Lstm16", "M5 LSTM16→Dense1, per step", "m5lstm16"),
]
SCALE = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6}


def rnnc_round(path):
    out = {}
    for b in json.load(open(path)):
        pct = b["primaryMetric"]["scorePercentiles"]
        k = SCALE[b["primaryMetric"]["scoreUnit"]]
        out[b["benchmark"]] = (pct["50.0"] * k, pct["99.0"] * k)
    return out


def peer_round(path):
    out = {}
    for line in open(path):
        m = re.match(r"RESULT impl=rtneural_ct_eigen model=(\S+) .*p50_ns=(\S+) p99_ns=(\S+)", line)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


def main(out, rounds):
    table = {label: [] for _, label, _ in ROWS}
    for r in range(1, rounds + 1):
        ours, theirs = rnnc_round(f"{out}/rnnc-{r}.json"), peer_round(f"{out}/rtneural-{r}.txt")
        for bench, label, model in ROWS:
            if bench in ours and model in theirs:
                table[label].append((ours[bench], theirs[model]))
    print("| model | round | rnnc p50 / p99 (ns) | RTNeural p50 / p99 (ns) | rnnc ÷ RTNeural (p50) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, runs in table.items():
        for i, ((a50, a99), (b50, b99)) in enumerate(runs, 1):
            print(f"| {label} | {i} | {a50:,.0f} / {a99:,.0f} | {b50:,.0f} / {b99:,.0f} | {a50 / b50:.2f} |")
        if runs:
            median = statistics.median(a[0] / b[0] for a, b in runs)
            print(f"| {label} | median | | | **{median:.2f}** |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
