#!/usr/bin/env bash
# The README's Maven setup, tried the way a user tries it: a project of its own (not a module of the
# rnnc build) whose pom.xml is the README's pom, built by the system's stock `mvn` against the rnnc
# artifacts in the local repository (run `./mvnw install` first). Extra arguments go to mvn, e.g.
# -Dmaven.repo.local=/tmp/repo. Needs JAVA_HOME at a JDK 25 home.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
readme="$here/../../README.md"

# 1. The README's pom is this project's pom, byte for byte: the first ```xml block under the heading.
snippet=$(awk '/^## Using rnnc in your Maven project/ { s = 1; next }
               s && /^## / { exit }
               s && /^```xml$/ { b = 1; next }
               b && /^```$/ { exit }
               b { print }' "$readme")
if ! diff -u <(printf '%s\n' "$snippet") "$here/pom.xml"; then
  echo "consumer check: README.md's pom (section \"Using rnnc in your Maven project\") and" \
    "tools/consumer-check/pom.xml differ (diff above); keep them identical"
  exit 1
fi

# 2. Build, test and run it with the stock Maven (not the wrapper).
cd "$here"
mvn -B -ntp clean test exec:exec "$@"
