#!/usr/bin/env bash
# Project sync benchmark on its own: the no-change check before a cell and the bytes sent after one file changes, on a
# generated project (10,000 small files unless a count is given), next to a full zip of the same tree. Runs against a
# local emulator and prints its figures on stdout. ./bench/run.sh measures the same as part of the whole suite.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
export PATH="/usr/bin:$PATH"
mvn -q -B -ntp -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
exec java -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.lakebook.bench.SyncBenchmark "$@"
