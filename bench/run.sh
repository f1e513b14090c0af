#!/usr/bin/env bash
# lakebook's benchmark suite: builds lakebook (the jar users run, and this suite), then measures every figure side by
# side with its peers against an emulated workspace on loopback and writes docs/benchmarks.md. Options go to the
# suite: --quick (a few repetitions, to check that it works), --repeat FACTOR, --only ID,ID…, --output FILE.
# It needs what ./test.sh installs: Debian's Jupyter packages (jupyter_client, ipykernel, nbclient, nbformat),
# Node.js and npm.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

# Debian's Jupyter lives under /usr/bin/python3; a python3 earlier on the PATH may lack it.
export PATH="/usr/bin:$PATH"
export PYDEVD_DISABLE_FILE_VALIDATION=1

echo "bench: building lakebook and the suite..." >&2
mvn -B -q -ntp -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
jar="$root/installer/target/lakebook.jar"
# The launcher makes lakebook's class-data archive beside the jar when it builds; the suite measures lakebook with it.
"$root/lakebook" --version >/dev/null

exec java -XX:+UseSerialGC -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.io.lakebook=warn \
  -Dorg.slf4j.simpleLogger.log.com.databricks.sdk.core.DatabricksConfig=error \
  io.lakebook.bench.BenchMain --jar "$jar" --root "$root" "$@"
