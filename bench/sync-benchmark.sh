#!/usr/bin/env bash
# Project sync benchmark (issue 4): the no-change check before a cell and the bytes sent after one file changes, on a
# generated project (10,000 small files unless a count is given), next to a full zip of the same tree. Runs against a
# local emulator; prints its figures on stdout.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
mvn -q -B -pl core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
exec java -cp "core/target/test-classes:core/target/classes:$(cat core/target/bench-classpath.txt)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.lakebook.bench.SyncBenchmark "$@"
