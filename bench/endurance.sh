#!/usr/bin/env bash
# The fault, bad-input and endurance runs, at full length, and docs/reliability.md made from what they recorded.
# They are the suite's own tests with longer settings: a burst of 503s lasting a minute, 5,000 cells through one
# kernel, 5,000 tool calls to one MCP server, 10,000 hostile Jupyter messages. Each trial appends a line (area, what
# was tried, how many times, what happened, what was lost) to target/reliability.tsv; the table is made from it.
#
#   bench/endurance.sh            the full run (about ten minutes on two cores)
#   bench/endurance.sh --quick    the suite's own lengths, to see the table quickly
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

burst=60 cells=5000 calls=5000 messages=10000 mode="full run"
if [ "${1:-}" = "--quick" ]; then
  burst=5 cells=200 calls=300 messages=3000 mode="quick run (the suite's lengths)"
fi
log="$root/target/reliability.tsv"
mkdir -p "$root/target"
rm -f "$log"

tests=FaultSwitchesTest,RemoteSessionFaultsTest,BrokenSettingsTest,UserFilesFaultsTest,NotebookFilesFaultsTest
tests=$tests,HostileMessagesTest,KernelFaultsTest,KernelEnduranceTest
tests=$tests,McpHostileInputTest,McpFaultsTest,McpEnduranceTest
tests=$tests,RunFaultsTest,RunWithExpiringLoginTest,SecretsScanTest
started=$(date +%s)
mvn -B -q -pl emulator,core,kernel,goose-extension,installer -am test -Dtest="$tests" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlakebook.reliability.log="$log" \
  -Dlakebook.faults.burst.seconds="$burst" -Dlakebook.endurance.cells="$cells" \
  -Dlakebook.endurance.calls="$calls" -Dlakebook.fuzz.messages="$messages" >&2
took=$(( $(date +%s) - started ))

out="$root/docs/reliability.md"
{
  echo "# Reliability: faults, bad input, secrets and load"
  echo
  echo "What lakebook does when the workspace has a bad day, when its input is broken or hostile, and after a long"
  echo "day of use. Every row below was written by a test while it ran (\`bench/endurance.sh\`, which runs the"
  echo "suite's fault tests at full length); the same tests run in every build with shorter settings."
  echo
  memory=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
  echo "Last run: $(date -u +%Y-%m-%d), $mode: a 503 burst of ${burst} s, ${cells} cells, ${calls} MCP calls and"
  echo "${messages} hostile Jupyter messages, on $(nproc) cores and ${memory} of memory, in $((took / 60)) min"
  echo "$((took % 60)) s. The faults come from the emulator's fault switches (\`io.lakebook.emulator.faults\`), whose"
  echo "statuses and bodies follow \`reference/databricks-api.md\` §1.3 and §1.4."
  echo
  # One table per area, in the order a user meets them; a "|" inside a cell is escaped for the table.
  awk -F '\t' -v order="session|kernel|MCP server|lakebook run|files|settings|secrets" '
    { for (i = 2; i <= 5; i++) gsub(/\|/, "\\|", $i)
      rows[$1] = rows[$1] sprintf("| %s | %s | %s | %s |\n", $2, $3, $4, $5) }
    END {
      n = split(order, areas, "|")
      for (i = 1; i <= n; i++) {
        if (areas[i] in rows) {
          printf "## %s\n\n| tried | times | what happened | lost |\n|---|---|---|---|\n%s\n", areas[i], rows[areas[i]]
          delete rows[areas[i]]
        }
      }
      for (area in rows) {
        printf "## %s\n\n| tried | times | what happened | lost |\n|---|---|---|---|\n%s\n", area, rows[area]
      }
    }' "$log"
} > "$out"
echo "Wrote $out from $(wc -l < "$log") trials in $((took / 60)) min $((took % 60)) s." >&2
