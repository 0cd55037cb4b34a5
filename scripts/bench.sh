#!/usr/bin/env bash
# The performance benchmark (not part of CI). For each corpus it prints the median wall time
# of RUNS memlint runs, MB/s, peak RSS, the median of a parse-only pass over the same files
# (examples/parse_floor.rs: read + syn parse on every core, nothing else) and the ratio of
# the two; then `cargo clippy` on regex-syntax, cold (fresh target dir) and warm (one file
# touched), against memlint on the same crate.
#
#   scripts/bench.sh                 # (a) regex-syntax, (b) the 14 crates, (c) all 218
#   scripts/bench.sh a b             # some of them;  RUNS=3 scripts/bench.sh
#   scripts/bench.sh scaling         # time against size, each of the 218 packages alone
#   CORPUS_FETCH=/path/to/fetch.sh scripts/bench.sh
#
# Needs hyperfine (Debian's `hyperfine` package) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
which=("$@"); [ ${#which[@]} -gt 0 ] || which=(a b c clippy)
fetch=${CORPUS_FETCH:-../shared/corpus/fetch.sh}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
cargo build --release --quiet --bin cargo-memlint --example parse_floor
bin=$PWD/target/release/cargo-memlint
floor=$PWD/target/release/examples/parse_floor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The median of hyperfine's runs of "$@", in seconds.
median() {
  hyperfine --style none --warmup 1 --runs "$runs" -N --ignore-failure \
    --export-json "$tmp/h.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$tmp/h.json"
}

# bench NAME ARGS...: memlint ARGS against the parse floor over the files memlint reads.
bench() {
  local name=$1; shift
  "$bin" "$@" --print files --message-format=json >"$tmp/files" 2>/dev/null || true
  local out; out=$("$floor" <"$tmp/files")
  local files bytes; read -r files bytes _ <<<"$out"
  local wall; wall=$(median "$bin" -q --message-format=short "$@")
  local floor_wall
  floor_wall=$(hyperfine --style none --warmup 1 --runs "$runs" --ignore-failure \
    --export-json "$tmp/f.json" "$floor < $tmp/files" >/dev/null 2>&1 &&
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$tmp/f.json")
  /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" -q --message-format=short "$@" >/dev/null 2>&1 || true
  local rss_kb; rss_kb=$(tail -1 "$tmp/rss")
  python3 - "$name" "$files" "$bytes" "$wall" "$floor_wall" "$rss_kb" <<'EOF'
import sys
name, files, size, wall, floor, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:6]), int(sys.argv[6])
mb = size / 1e6
print(f"{name:<14} {files:>6} files {mb:>7.1f} MB  memlint {wall:7.2f} s {mb / wall:6.1f} MB/s  "
      f"peak RSS {rss / 1024:6.0f} MiB  parse floor {floor:6.2f} s  ratio {wall / floor:4.2f}")
EOF
}

regex_syntax() { "$fetch" --all | grep '/regex-syntax-0\.8'; }

for what in "${which[@]}"; do
  case $what in
    a) dir=$(regex_syntax); (cd "$dir" && bench "regex-syntax" --workspace) ;;
    b) mapfile -t dirs < <("$fetch"); bench "14 crates" "${dirs[@]}" ;;
    c) mapfile -t dirs < <("$fetch" --all); bench "218 packages" "${dirs[@]}" ;;
    clippy)
      src=$(regex_syntax)
      cp -r "$src" "$tmp/rs" && cd "$tmp/rs"
      [ -f Cargo.lock ] || cargo generate-lockfile --offline --quiet
      # The timed runs are offline: fetch what the registry cache lacks first (optional
      # dependencies' own dependencies, which the corpus download leaves out).
      cargo fetch --quiet
      # Benches of regex-syntax need nightly (#![feature(test)]): both tools take lib and tests.
      # The three are interleaved, round after round, so that a slow stretch of the machine
      # slows all of them alike: the speedups are ratios of medians taken side by side. The
      # first memlint run after clippy is a warm-up, as in hyperfine: it is 0.2-0.3 s slower,
      # faulting in memory the compiler's runs left to the kernel.
      python3 - "$bin" "$runs" <<'PY'
import shutil, statistics, subprocess, sys, time
from pathlib import Path
memlint_bin, runs = sys.argv[1], int(sys.argv[2])
memlint = [memlint_bin, "-q", "--message-format=short", "--lib", "--tests"]
clippy = ["cargo", "clippy", "--lib", "--tests", "--offline", "--quiet"]
def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    # memlint exits 1 with findings; clippy must succeed, or its time means nothing.
    if done.returncode not in ((0, 1) if cmd[0] == memlint_bin else (0,)):
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')[-2000:]}")
    return took
times = {"memlint": [], "cold": [], "warm": []}
for _ in range(runs):
    shutil.rmtree("target", ignore_errors=True)
    times["cold"].append(timed(clippy))
    Path("src/lib.rs").touch()
    times["warm"].append(timed(clippy))
    timed(memlint)
    times["memlint"] += [timed(memlint) for _ in range(3)]
m, c, w = (statistics.median(times[k]) for k in ("memlint", "cold", "warm"))
print(f"regex-syntax: memlint {m:.3f} s, cargo clippy cold {c:.2f} s ({c/m:.0f}x), warm {w:.2f} s ({w/m:.0f}x)")
PY
      cd - >/dev/null ;;
    scaling)
      # One thread, one package at a time: seconds per MB should not grow with size.
      mapfile -t dirs < <("$fetch" --all)
      for dir in "${dirs[@]}"; do
        # Exit code 1 (findings) is not a failure here.
        { "$bin" -j1 --timings -q --message-format=short "$dir" 2>&1 >/dev/null || true; } |
          python3 -c '
import re, sys
text = sys.stdin.read()
mb = int(re.search(r"MB of source \(([0-9]+) bytes\)", text).group(1)) / 1e6
wall = float(re.search(r"analysis \(wall\) +([0-9.]+) s", text).group(1))
print(f"{mb:.3f} {wall:.3f} {sys.argv[1]}")' "$(basename "$dir")"
      done | sort -n >"$tmp/scaling"
      python3 - "$tmp/scaling" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
rows = [(float(mb), float(s), name) for mb, s, name in rows if float(mb) > 0]
print(f"{'package':<40} {'MB':>7} {'seconds':>8} {'s/MB':>6}")
for mb, s, name in rows:
    print(f"{name:<40} {mb:7.3f} {s:8.3f} {s / mb:6.2f}")
q = len(rows) // 4
for i, part in enumerate([rows[:q], rows[q:2 * q], rows[2 * q:3 * q], rows[3 * q:]]):
    mb = sum(r[0] for r in part); s = sum(r[1] for r in part)
    print(f"size quartile {i + 1}: {len(part)} packages, {part[0][0]:.3f}-{part[-1][0]:.3f} MB, {s / mb:.2f} s/MB")
big = [r for r in rows if r[0] >= 0.1]
worst = max(big, key=lambda r: r[1] / r[0])
print(f"slowest per MB (of packages >= 0.1 MB): {worst[2]}, {worst[1] / worst[0]:.2f} s/MB")
PY
      ;;
    *) echo "unknown benchmark \`$what\` (a, b, c, clippy, scaling)" >&2; exit 2 ;;
  esac
done
