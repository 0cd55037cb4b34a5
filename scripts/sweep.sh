#!/usr/bin/env bash
# The whole-corpus sweep: memlint over every package of `../shared/corpus/fetch.sh --all`
# (218 packages, ~3.5M lines). Fails on any panic, stack overflow, hang, exit other than 0/1,
# or file that a `mod` item names and memlint did not lint (see scripts/check-files.py).
# Zero failures is the bar.
#
#   scripts/sweep.sh                 # fetches (or finds in cargo's cache) the corpus
#   scripts/sweep.sh LIST            # a file of package directories, one per line
#   CORPUS_FETCH=/path/to/fetch.sh scripts/sweep.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  mapfile -t dirs <"$1"
else
  fetch=${CORPUS_FETCH:-../shared/corpus/fetch.sh}
  [ -x "$fetch" ] || { echo "no corpus script at $fetch (set CORPUS_FETCH)" >&2; exit 2; }
  mapfile -t dirs < <("$fetch" --all)
fi
[ "${#dirs[@]}" -gt 0 ] || { echo "no packages to sweep" >&2; exit 2; }
exec scripts/corpus-run.sh --files "${dirs[@]}"
