#!/usr/bin/env bash
# Runs the whole test suite. Installs the real gRPC peers the tests talk to (Debian + npm) when missing,
# then runs every test project and prints the totals as the last line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

./Tests/install-peers.sh

results_dir="$(mktemp -d)"
trap 'rm -rf "$results_dir"' EXIT

set +e
dotnet test OrleansChat.sln --configuration Release \
  --logger "trx;LogFilePrefix=results" --results-directory "$results_dir" \
  --logger "console;verbosity=normal" 2>&1 | tee "$results_dir/console.log"
status=${PIPESTATUS[0]}
set -e

passed=0
failed=0
for trx in "$results_dir"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count it as a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
