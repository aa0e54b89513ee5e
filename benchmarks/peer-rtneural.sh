#!/usr/bin/env bash
# rnnc against the C++ peer RTNeural (compile-time sizes, Eigen), measured in one run on one core:
# the performance issue's targets are ratios, because absolute times do not carry between machines.
# Builds the peer once with ../shared/peers/rtneural/run.sh (its models: M1, M4's GRU twin, M5 at
# 32 and 16 units), then ROUNDS rounds, each running rnnc's JMH (M1, M4, its GRU twin, M5 at 32 and
# 16 units; SampleTime) and the peer's timing loop pinned to the same core, the order alternating
# from round to round; prints every round's p50 and p99 and the median ratio of the p50s.
#
#   RTNEURAL_DIR, REF_PY  as run.sh takes them (a checkout of RTNeural; a python with Keras 3)
#   ROUNDS (3)  BENCH_CPU (1)  OUT (benchmarks/target/rtneural)
#
# Build rnnc's jar first: ./mvnw -q package -pl benchmarks -am -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/jdk25.sh
PEER=$(cd ../shared/peers/rtneural && pwd)
OUT=${OUT:-benchmarks/target/rtneural}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CPU=${BENCH_CPU:-1}
ROUNDS=${ROUNDS:-3}
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -q package -pl benchmarks -am -DskipTests"; exit 1; }
[ -x "$OUT/rtn_bench" ] || OUT="$OUT" BENCH_CPU="$CPU" bash "$PEER/run.sh" > "$OUT/build.log"

rnnc() {
  taskset -c "$CPU" "$JAVA_HOME/bin/java" -jar "$JAR" \
    '(M1Benchmark.rnnc|M4Benchmark.rnnc|M5Benchmark.rnnc|PeerBenchmark.m4Gru|PeerBenchmark.m5Lstm16)$' \
    -bm sample -f 1 -wi 3 -i 5 -w 1 -r 1 -rf json -rff "$OUT/rnnc-$1.json" > "$OUT/rnnc-$1.log" 2>&1
}
peer() {
  (cd "$OUT" && taskset -c "$CPU" ./rtn_bench models eigen) > "$OUT/rtneural-$1.txt"
}
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then rnnc "$r"; peer "$r"; else peer "$r"; rnnc "$r"; fi
  echo "round $r of $ROUNDS done" >&2
done
python3 benchmarks/peer_report.py "$OUT" "$ROUNDS"
