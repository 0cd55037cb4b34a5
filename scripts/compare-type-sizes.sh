#!/usr/bin/env bash
# Compares memlint's type sizes with rustc's for one crate.
#
#   scripts/compare-type-sizes.sh CRATE_DIR [--list]
#
# Runs the ground truth (`type-sizes.sh`, rustc's -Z print-type-sizes) and
# `cargo memlint --print type-sizes` on the crate's lib and bins, joins the two on the type
# path, and prints: how many of the types memlint marks exact are exactly right (size and
# alignment), the worst relative size error among them, and whether every lower bound is
# really below rustc's size. `--list` also prints every row that disagrees.
#
# Type paths are compared with lifetimes and `mut` dropped, and with the paths inside
# generic arguments cut to their last segment (rustc prints `core::fmt::Formatter<'_>`
# where memlint prints `Formatter`).
#
# GT_DIR points at the ground truth scripts (default: ../shared/groundtruth beside the
# repository, else /work/shared/groundtruth). Neither tool writes into CRATE_DIR.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1/Cargo.toml" ]]; then
    echo "usage: $0 CRATE_DIR [--list]   (CRATE_DIR holds a Cargo.toml)" >&2
    exit 2
fi
crate_dir=$(cd "$1" && pwd)
list=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
gt_dir=${GT_DIR:-}
if [[ -z "$gt_dir" ]]; then
    for candidate in "$root/../shared/groundtruth" /work/shared/groundtruth; do
        if [[ -x "$candidate/type-sizes.sh" ]]; then gt_dir=$candidate; break; fi
    done
fi
if [[ -z "$gt_dir" || ! -x "$gt_dir/type-sizes.sh" ]]; then
    echo "error: cannot find the ground truth's type-sizes.sh; set GT_DIR" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --manifest-path "$root/Cargo.toml" --bin cargo-memlint
"$root/target/debug/cargo-memlint" --print type-sizes --lib --bins \
    --manifest-path "$crate_dir/Cargo.toml" > "$work/memlint.tsv"
"$gt_dir/type-sizes.sh" "$crate_dir" > "$work/rustc.tsv" 2> "$work/rustc.err" || {
    cat "$work/rustc.err" >&2
    exit 2
}

python3 - "$work/memlint.tsv" "$work/rustc.tsv" "$crate_dir" "$list" <<'PY'
import re, sys

memlint_path, rustc_path, crate_dir, list_rows = sys.argv[1:5]

def normalize(name):
    name = re.sub(r"'[A-Za-z_][A-Za-z0-9_]*(, )?", "", name)
    name = name.replace("<>", "").replace("&mut ", "&").replace("*mut ", "*const ")
    name = name.replace(", >", ">")
    head, sep, args = name.partition("<")
    args = re.sub(r"\b(?:[A-Za-z_][A-Za-z0-9_]*::)+", "", args)
    return head + sep + args

def read(path):
    with open(path) as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:] if l]

memlint = {}
for row in read(memlint_path):
    memlint.setdefault(normalize(row["type"]), row)
rustc = {}
for row in read(rustc_path):
    if row["kind"] in ("closure", "coroutine"):
        continue
    rustc.setdefault(normalize(row["type"]), row)

joined = [(k, memlint[k], rustc[k]) for k in sorted(rustc) if k in memlint]
exact = [(k, m, r) for k, m, r in joined if m["exactness"] == "exact"]
right = [(k, m, r) for k, m, r in exact if (m["size"], m["align"]) == (r["size"], r["align"])]
size_right = [(k, m, r) for k, m, r in exact if m["size"] == r["size"]]
bounds = [(k, m, r) for k, m, r in joined if m["exactness"] == "lower-bound"]
broken = [(k, m, r) for k, m, r in bounds if int(m["size"]) > int(r["size"])]
unknown = [k for k, m, r in joined if m["exactness"] == "unknown"]

def rel(m, r):
    want = int(r["size"])
    got = int(m["size"])
    return abs(got - want) / want if want else (0.0 if got == 0 else float("inf"))

worst = max(exact, key=lambda t: rel(t[1], t[2]), default=None)
pct = lambda a, b: f"{100.0 * a / b:.1f}%" if b else "n/a"
print(f"crate: {crate_dir}")
print(f"rustc types (no closures): {len(rustc)}; memlint types: {len(memlint)}; in both: {len(joined)}")
print(f"memlint exact: {len(exact)}; lower bound: {len(bounds)}; unknown: {len(unknown)}")
print(f"exact and right (size and align): {len(right)}/{len(exact)} = {pct(len(right), len(exact))}")
print(f"exact and right size: {len(size_right)}/{len(exact)} = {pct(len(size_right), len(exact))}")
if worst is not None:
    k, m, r = worst
    print(f"worst relative error among exact: {100.0 * rel(m, r):.1f}% ({k}: memlint {m['size']}, rustc {r['size']})")
print(f"lower bounds above rustc's size: {len(broken)}")
missing = sorted(k for k in rustc if k not in memlint)
print(f"rustc types memlint does not list: {len(missing)}")
if list_rows == "--list":
    for k, m, r in exact:
        if (m["size"], m["align"]) != (r["size"], r["align"]):
            print(f"  WRONG  {k}: memlint {m['size']}/{m['align']}, rustc {r['size']}/{r['align']}")
    for k, m, r in broken:
        print(f"  BOUND  {k}: memlint at least {m['size']}, rustc {r['size']}")
    for k, m, r in bounds:
        if (k, m, r) not in broken:
            print(f"  LOWER  {k}: memlint at least {m['size']}, rustc {r['size']}")
    for k in unknown:
        print(f"  UNKNOWN {k}: rustc {rustc[k]['size']}")
    for k in missing:
        print(f"  MISSING {k}: rustc {rustc[k]['size']}")
PY
