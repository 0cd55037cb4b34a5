#!/usr/bin/env bash
# Runs memlint (release build) over crate directories and prints, per crate: .rs files,
# findings, exit code and wall time; fails if any run panicked, overflowed its stack, was
# killed or timed out, or exited with something other than 0 or 1.
#
# With --files, also accounts for every .rs file of each crate (scripts/check-files.py):
# linted, or not part of a module tree (build script, include!d, unreferenced); a file a
# `mod` item names that memlint did not lint is a failure.
#
#   scripts/corpus-run.sh $(../shared/corpus/fetch.sh)                 # the 14 corpus crates
#   scripts/corpus-run.sh --files $(../shared/corpus/fetch.sh --all)   # all 218 packages
#   (scripts/sweep.sh does the latter.)
set -uo pipefail
cd "$(dirname "$0")/.."
check_files=false
if [ "${1:-}" = "--files" ]; then check_files=true; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--files] CRATE_DIR..." >&2; exit 2; }
cargo build --release --quiet || exit 2
bin=$PWD/target/release/cargo-memlint
# Minutes a run may take before it counts as a hang.
limit=${MEMLINT_CORPUS_TIMEOUT:-10}m
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0; total_files=0; total_findings=0; start_all=$(date +%s.%N)
declare -A classes=()
printf '%-36s %6s %8s %4s %8s\n' crate files findings exit seconds
for dir in "$@"; do
  name=$(basename "$dir")
  files=$(find "$dir" -name '*.rs' -not -path '*/target/*' | wc -l)
  start=$(date +%s.%N)
  timeout "$limit" "$bin" --manifest-path "$dir/Cargo.toml" --workspace \
    --message-format=json >"$tmp/out" 2>"$tmp/err"
  code=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  findings=$(grep -c '"reason":"compiler-message"' "$tmp/out")
  printf '%-36s %6d %8d %4d %8.3f\n' "$name" "$files" "$findings" "$code" "$secs"
  failed=false
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then failed=true; fi
  if grep -qE 'panicked|overflowed its stack|internal error' "$tmp/err"; then failed=true; fi
  if $failed; then
    echo "    FAILED: exit $code" && sed 's/^/    /' "$tmp/err" | head -5
  fi
  if $check_files; then
    "$bin" --manifest-path "$dir/Cargo.toml" --workspace --print files \
      --message-format=json >"$tmp/files" 2>"$tmp/err"
    if ! scripts/check-files.py "$dir" "$tmp/files" >"$tmp/check"; then failed=true; fi
    sed 's/^/    /' "$tmp/check"
    for pair in $(head -1 "$tmp/check"); do
      classes[${pair%%=*}]=$(( ${classes[${pair%%=*}]:-0} + ${pair#*=} ))
    done
  fi
  if $failed; then failures=$((failures + 1)); fi
  total_files=$((total_files + files)); total_findings=$((total_findings + findings))
done
printf 'total: %d crates, %d .rs files, %d findings, %d failures, %.1f s\n' \
  "$#" "$total_files" "$total_findings" "$failures" "$(echo "$(date +%s.%N) - $start_all" | bc)"
if $check_files; then
  printf 'files:'; for k in linted build-script included unreferenced skipped; do
    printf ' %s=%d' "$k" "${classes[$k]:-0}"; done; echo
fi
[ "$failures" -eq 0 ]
