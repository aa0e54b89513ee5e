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
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$duration ./mvnw -B -ntp -q -pl $module surefire:test \
      -Dtest="$test#$target" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dsurefire.reportsDirectory=target/fuzz-reports >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | tail -1 | sed "s/^/  $target: /"
  else
    status=1
    echo "  $target: FINDING or failure, see $log"
    grep -E 'Exception|Error|== Java' "$log" | grep -v '^\s*at ' | head -5 | sed 's/^/    /'
  fi
done
exit $status
