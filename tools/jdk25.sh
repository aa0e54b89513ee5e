# Sourced by scripts that run the build: points JAVA_HOME at a JDK 25 unless it already is one.
# The default java here is 17; the JDK 25 home sits beside it in the system's JVM directory.
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  jvmdir=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  JAVA_HOME=$(ls -d "$jvmdir"/*25* 2>/dev/null | head -1)
  [ -n "$JAVA_HOME" ] || { echo "no JDK 25 found beside $(command -v java)"; exit 1; }
  export JAVA_HOME
fi
