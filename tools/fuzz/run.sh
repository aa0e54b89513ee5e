#!/usr/bin/env bash
# Fuzzes the file readers with Jazzer, one target after another, each for DURATION (default 10m).
#
#   tools/fuzz/run.sh [DURATION] [TARGET ...]     e.g. tools/fuzz/run.sh 10m kerasArchive
#
# Targets: the @FuzzTest methods of runtime's WeightFilesFuzzTest (kerasWeightsH5, kerasArchive,
# rnncWeights, pyTorchStateDict, trainingCheckpoint) and importer's KerasArchiveFuzzTest
# (importModel); all of them when none is named. Their JUnit reports go to
# <module>/target/fuzz-reports, apart from the test run's. Needs the modules built (./mvnw install or
# test-compile). A finding fails its run: Jazzer writes the input under the test's
# *FuzzTestInputs/<target>/ resources, where the normal test run replays it from then on (commit it
# with the fix). The corpus grows in <module>/.cifuzz-corpus/ (not committed). Logs: target/fuzz/.
# The fuzzed JVM's heap is FUZZ_HEAP (512m).
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/jdk25.sh
duration=${1:-10m}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(kerasWeightsH5 kerasArchive rnncWeights pyTorchStateDict
  trainingCheckpoint importModel)
mkdir -p target/fuzz
status=0
for target in "${targets[@]}"; do
  if [ "$target" = importModel ]; then
    module=importer test=KerasArchiveFuzzTest
  else
    module=runtime test=WeightFilesFuzzTest
  fi
  log=target/fuzz/$target.log
  echo "fuzzing $target for $duration (log: $log)"
  # A small heap: an input that makes a reader allocate a size the file declares (2 GiB from a
  # 27 KB .weights.h5, once) then fails with an OutOfMemoryError, a finding, instead of passing
  # on a machine with memory to spare.
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$duration ./mvnw -B -ntp -q -pl $module surefire:test \
      -Dtest="$test#$target" -Dsurefire.failIfNoSpecifiedTests=false \
      "-Drnnc.jvmArgs=--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx${FUZZ_HEAP:-512m}" \
      -Dsurefire.reportsDirectory=target/fuzz-reports >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | tail -1 | sed "s/^/  $target: /"
  else
    status=1
    echo "  $target: FINDING or failure, see $log"
    grep -E 'Exception|Error|== Java' "$log" | grep -v '^\s*at ' | head -5 | sed 's/^/    /'
  fi
done
exit $status
