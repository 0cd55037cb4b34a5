#!/usr/bin/env bash
# Runs memlint (release build) over crate directories and prints, per crate: .rs files,
# findings, exit code and wall time; fails if any run panicked, was killed, or exited
# with something other than 0 or 1.
#
#   scripts/corpus-run.sh $(../shared/corpus/fetch.sh)         # the 14 corpus crates
#   scripts/corpus-run.sh $(../shared/corpus/fetch.sh --all)   # all 218 packages
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet || exit 2
bin=$PWD/target/release/cargo-memlint
[ $# -gt 0 ] || { echo "usage: $0 CRATE_DIR..." >&2; exit 2; }

failures=0; total_files=0; total_findings=0; start_all=$(date +%s.%N)
printf '%-32s %6s %8s %4s %8s\n' crate files findings exit seconds
for dir in "$@"; do
  files=$(find "$dir" -name '*.rs' -not -path '*/target/*' | wc -l)
  start=$(date +%s.%N)
  out=$("$bin" --manifest-path "$dir/Cargo.toml" --workspace --message-format=json 2>/tmp/memlint-corpus.err)
  code=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  findings=$(grep -c '"reason":"compiler-message"' <<<"$out")
  printf '%-32s %6d %8d %4d %8.3f\n' "$(basename "$dir")" "$files" "$findings" "$code" "$secs"
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    failures=$((failures + 1)); sed 's/^/    /' /tmp/memlint-corpus.err | head -5
  fi
  total_files=$((total_files + files)); total_findings=$((total_findings + findings))
done
printf 'total: %d crates, %d .rs files, %d findings, %d failures, %.1f s\n' \
  "$#" "$total_files" "$total_findings" "$failures" "$(echo "$(date +%s.%N) - $start_all" | bc)"
[ "$failures" -eq 0 ]
