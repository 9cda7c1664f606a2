#!/usr/bin/env bash
# Runs every fuzz target of the module for SECONDS each (default 30) on
# WORKERS workers (default 1, so the figures compare across machines) and
# prints one row per target: package, target, executions, executions per
# second, new interesting inputs, and ok or the failure. A failing input is
# kept by go test under the package's testdata/fuzz, as a regression seed.
#
#   bench/fuzz.sh [SECONDS] [WORKERS] [TARGET-REGEXP]
#
# A new input is minimised in at most 20 executions (-fuzzminimizetime
# 20x): Go's default, a minute per input, is what made the targets seem to
# stall at 0 executions per second. FUZZING.md quotes the output.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
workers=${2:-1}
only=${3:-.}
printf '%-36s %-24s %10s %8s %6s  %s\n' package target execs exec/s new result
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' | grep -E "$only"); do
    out=$(go test -run '^$' -fuzz "^$target\$" -fuzztime "${secs}s" -fuzzminimizetime 20x -parallel "$workers" "$pkg" 2>&1)
    rc=$?
    last=$(printf '%s\n' "$out" | grep '^fuzz: elapsed' | tail -1)
    execs=$(printf '%s' "$last" | sed -n 's/.*execs: \([0-9]*\).*/\1/p')
    fresh=$(printf '%s' "$last" | sed -n 's/.*new interesting: \([0-9]*\).*/\1/p')
    result=ok
    [ $rc -ne 0 ] && result="FAIL: $(printf '%s\n' "$out" | grep -m1 -E 'Error|panic|fuzz_test|_test.go' | sed 's/^ *//' | cut -c1-80)"
    printf '%-36s %-24s %10s %8s %6s  %s\n' "${pkg#github.com/mcp-comply/mcp-comply/}" "$target" "${execs:-0}" \
      "$(( ${execs:-0} / secs ))" "${fresh:-0}" "$result"
  done
done
