#!/usr/bin/env bash
# make bench: the benchmarks in bench/, each against a plain SQL baseline
# measured in the same run. Not part of make test.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

"$REPO/scripts/bootstrap.sh"
shopt -s nullglob
benches=("$REPO"/bench/bench_*.py)
[ ${#benches[@]} -gt 0 ] || die "No benchmark in bench/ yet (bench/bench_*.py)."
for bench in "${benches[@]}"; do
    say "$(basename "$bench")"
    "$PY" "$bench" || die "$(basename "$bench") failed."
done
