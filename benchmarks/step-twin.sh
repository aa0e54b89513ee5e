#!/usr/bin/env bash
# rnnc's sized LSTM(32) step and M5's streaming call against their C twin, in one run on one core.
# benchmarks/twins/lstm_step_twin.c is SizedLstm's step written with AVX-512 intrinsics (the same
# operations in the same order): it is timed only after its state after 30 steps has the same bits as
# Java's (SizedLstmTwinCheck). Then ROUNDS rounds, alternating, each running the twin (the product
# alone, the step, and a whole streaming call: projection, step, Dense(1) head) and JMH's
# SizedStepBenchmark.lstmSizedAligned (units 32) and M5Benchmark.rnnc (SampleTime), pinned to
# BENCH_CPU; prints every round's p50s (the twin's are p50s of blocks as long as the Java
# operations) and the median ratios Java ÷ C.
#
#   ROUNDS (3)  BENCH_CPU (1)  OUT (benchmarks/target/step-twin)
#
# Build rnnc's jar first: ./mvnw -q package -pl benchmarks -am -DskipTests; needs gcc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/jdk25.sh
OUT=${OUT:-benchmarks/target/step-twin}
CPU=${BENCH_CPU:-1}
ROUNDS=${ROUNDS:-3}
JAR=benchmarks/target/benchmarks.jar
JAVA=("$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw -q package -pl benchmarks -am -DskipTests"; exit 1; }
mkdir -p "$OUT"
gcc -O3 -march=native benchmarks/twins/lstm_step_twin.c -o "$OUT/lstm_step_twin"
"$OUT/lstm_step_twin" check > "$OUT/c.hex"
"${JAVA[@]}" -cp "$JAR" dev.rnnc.benchmarks.SizedLstmTwinCheck > "$OUT/java.hex" 2>/dev/null
if ! cmp -s "$OUT/c.hex" "$OUT/java.hex"; then
  echo "the C twin's state differs from Java's sized step (see $OUT/c.hex, $OUT/java.hex): not timed"
  exit 1
fi
echo "the C twin's state after 30 steps has the Java step's bits" >&2

twin() { taskset -c "$CPU" "$OUT/lstm_step_twin" > "$OUT/c-$1.txt" 2>/dev/null; }
java_side() {
  taskset -c "$CPU" "$JAVA_HOME/bin/java" -jar "$JAR" \
    '(SizedStepBenchmark.lstmSizedAligned|M5Benchmark.rnnc)$' -p units=32 -bm sample -tu ns \
    -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$OUT/java-$1.json" > "$OUT/java-$1.log" 2>&1
}
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then twin "$r"; java_side "$r"; else java_side "$r"; twin "$r"; fi
  echo "round $r of $ROUNDS done" >&2
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
steps, calls = [], []
print("round  C product  C step  Java step  C call  Java call (M5)  step ratio  call ratio")
for r in range(1, rounds + 1):
    c = dict(line.split() for line in open(f"{out}/c-{r}.txt"))
    java = {x["benchmark"].rsplit(".", 1)[1]: x["primaryMetric"]["scorePercentiles"]["50.0"]
            for x in json.load(open(f"{out}/java-{r}.json"))}
    step, call = java["lstmSizedAligned"] / float(c["step"]), java["rnnc"] / float(c["call"])
    steps.append(step)
    calls.append(call)
    print(f"{r:5}  {float(c['product']):9.1f}  {float(c['step']):6.1f}  {java['lstmSizedAligned']:9.1f}"
          f"  {float(c['call']):6.1f}  {java['rnnc']:14.1f}  {step:10.2f}  {call:10.2f}")
print(f"median Java ÷ C: step {statistics.median(steps):.2f}, call {statistics.median(calls):.2f}")
PY
