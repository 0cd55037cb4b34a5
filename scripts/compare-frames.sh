#!/usr/bin/env bash
# Compares memlint's stack frame estimates with LLVM's real frame sizes for one crate.
#
#   scripts/compare-frames.sh CRATE_DIR [--debug|--release] [--list] [--min BYTES]
#
# Runs the ground truth (`stack-sizes.sh`: LLVM's -Z emit-stack-sizes, needs a nightly
# toolchain) and `cargo memlint --print frames` on the crate's lib and bins, joins them on
# (file, line of the `fn`), and prints, for the functions whose real frame is at least
# 1 KiB: how many memlint's estimate (of the same profile) puts within ±25%, the median
# relative error, and the real frames of 128 KiB or more that memlint misses (no estimate,
# or one under the lint's threshold). `--list` prints every joined row; `--min BYTES`
# compares from another size than 1 KiB (crates with few large frames).
#
# As the ground truth's README says: rows of macro-expanded code (absolute file paths)
# are dropped, and a generic function's monomorphizations are taken at their largest.
# A real frame with no memlint row counts as outside ±25% with a 100% error.
#
# GT_DIR points at the ground truth scripts (default: ../shared/groundtruth beside the
# repository, else /work/shared/groundtruth). Neither tool writes into CRATE_DIR.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1/Cargo.toml" ]]; then
    echo "usage: $0 CRATE_DIR [--debug|--release] [--list]   (CRATE_DIR holds a Cargo.toml)" >&2
    exit 2
fi
crate_dir=$(cd "$1" && pwd)
shift
profile=debug
list=
min=1024
while [[ $# -gt 0 ]]; do
    case "$1" in
        --debug) profile=debug ;;
        --release) profile=release ;;
        --list) list=--list ;;
        --min) shift; min=${1:?--min needs a number of bytes} ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
root=$(cd "$(dirname "$0")/.." && pwd)
gt_dir=${GT_DIR:-}
if [[ -z "$gt_dir" ]]; then
    for candidate in "$root/../shared/groundtruth" /work/shared/groundtruth; do
        if [[ -x "$candidate/stack-sizes.sh" ]]; then gt_dir=$candidate; break; fi
    done
fi
if [[ -z "$gt_dir" || ! -x "$gt_dir/stack-sizes.sh" ]]; then
    echo "error: cannot find the ground truth's stack-sizes.sh; set GT_DIR" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --manifest-path "$root/Cargo.toml" --bin cargo-memlint
"$root/target/debug/cargo-memlint" --print frames --lib --bins --message-format=json \
    --manifest-path "$crate_dir/Cargo.toml" > "$work/memlint.jsonl"
workspace_root=$(cargo metadata --no-deps --format-version 1 --offline \
    --manifest-path "$crate_dir/Cargo.toml" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["workspace_root"])')
"$gt_dir/stack-sizes.sh" "$crate_dir" "--$profile" > "$work/llvm.tsv" 2> "$work/llvm.err" || {
    cat "$work/llvm.err" >&2
    exit 2
}

python3 - "$work/memlint.jsonl" "$work/llvm.tsv" "$crate_dir" "$workspace_root" "$profile" "$list" "$min" <<'PY'
import csv, json, os, statistics, sys

memlint_path, llvm_path, crate_dir, ws_root, profile, list_rows, minimum = sys.argv[1:8]
MIN = int(minimum)
THRESHOLD = 131072  # stack-frame-threshold's default

def key(path, line):
    return (os.path.normpath(path), int(line))

estimates = {}
for line in open(memlint_path):
    row = json.loads(line)
    k = key(os.path.join(ws_root, row["file"]), row["line"])
    best = estimates.get(k)
    if best is None or row[profile] > best[profile]:
        estimates[k] = row

real = {}
with open(llvm_path) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if not row["file"] or os.path.isabs(row["file"]) or not row["line"]:
            continue
        k = key(os.path.join(crate_dir, row["file"]), row["line"])
        size = int(row["stack_bytes"])
        if k not in real or size > real[k][0]:
            real[k] = (size, row["function"])

big = {k: v for k, v in real.items() if v[0] >= MIN}
errors = []
within = 0
joined = 0
rows = []
for k, (size, name) in sorted(big.items(), key=lambda kv: -kv[1][0]):
    est = estimates.get(k)
    if est is None:
        err = 1.0
        rows.append((size, None, err, name, k))
    else:
        joined += 1
        err = abs(est[profile] - size) / size
        rows.append((size, est[profile], err, name, k))
    errors.append(err)
    if err <= 0.25:
        within += 1

pct = lambda a, b: f"{100.0 * a / b:.1f}%" if b else "n/a"
print(f"crate: {crate_dir} ({profile})")
print(f"real frames (own fns, file and line known): {len(real)}; memlint rows: {len(estimates)}")
print(f"real frames >= {MIN} bytes: {len(big)}; with a memlint estimate: {joined}")
print(f"within +-25%: {within}/{len(big)} = {pct(within, len(big))}")
if errors:
    print(f"median relative error: {100.0 * statistics.median(errors):.1f}%")
missed = [(size, name, k) for k, (size, name) in real.items()
          if size >= THRESHOLD and (k not in estimates or estimates[k][profile] < THRESHOLD)]
print(f"real frames >= 128 KiB that memlint misses: {len(missed)}")
for size, name, k in missed:
    print(f"  MISSED {size} {name} ({os.path.relpath(k[0], crate_dir)}:{k[1]})")
false_alarms = [k for k, e in estimates.items() if e[profile] >= THRESHOLD and k in real and real[k][0] < THRESHOLD]
print(f"memlint estimates >= 128 KiB whose real frame is smaller: {len(false_alarms)}")
if list_rows == "--list":
    for size, est, err, name, k in rows:
        shown = "-" if est is None else str(est)
        print(f"  {size:>8} {shown:>8} {100 * err:6.1f}%  {os.path.relpath(k[0], crate_dir)}:{k[1]}  {name}")
PY
