#!/usr/bin/env python3
"""Accounts for every .rs file of a package: linted by memlint, or why not.

    check-files.py PACKAGE_DIR PRINT_FILES_JSON

PRINT_FILES_JSON is the output of `cargo memlint --print files --message-format=json
--workspace` for the package. Every other .rs file under the package directory (outside
target/ and hidden directories) is put in one of these classes, found independently of
memlint, from the text of the package's files:

  SKIPPED       in the module tree of a target (reached from its root through `mod` items
                and `#[path]`s, resolved here with rustc's rules), yet not linted
  build-script  in the module tree of the package's build script (not linted, by design)
  included      named by an `include!`-like macro (`include!("x.rs")`)
  unreferenced  in no module tree: compile-test fixtures, templates, data

Prints one summary line, `linted=N build-script=N included=N unreferenced=N skipped=N`,
then the skipped files, one per line (every file not linted, with CHECK_FILES_VERBOSE=1);
exits 1 if any file was skipped.
"""

import json
import os
import re
import subprocess
import sys


def rust_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames if d != "target" and not d.startswith(".")
        )
        for name in sorted(filenames):
            if name.endswith(".rs"):
                yield os.path.relpath(os.path.join(dirpath, name), root)


def read(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        return strip_comments(f.read())


CHAR = re.compile(r"'(\\.|[^\\'\n])'")
RAW = re.compile(r'b?r(#*)"')


def strip_comments(text):
    """The text without comments (a commented-out `// mod x;` names nothing). Strings are
    kept: `#[path = "x.rs"]` and `include!("x.rs")` are found in them."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            out.append(" ")
        elif (m := RAW.match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find('"' + m.group(1), m.end())
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append(text[i:end])
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif c == "'" and (m := CHAR.match(text, i)):
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


# The tokens that matter for module declarations, in comment-free text. Strings are
# tokens of their own, so that braces and `mod` inside them count for nothing.
TOKEN = re.compile(
    r"""(?P<str>b?r(?P<hashes>\#*)"[\s\S]*?"(?P=hashes)|b?"(?:\\[\s\S]|[^"\\])*")
      | (?P<char>'(?:\\.|[^\\'\n])')
      | (?P<plain>\#\s*\[\s*path\s*=\s*"(?P<plain_path>[^"]*)"\s*\])
      | (?P<cfg>\bpath\s*=\s*"(?P<cfg_path>[^"]*)")
      | (?P<decl>\bmod\s+(?:r\#)?(?P<decl_name>[A-Za-z_]\w*)\s*;)
      | (?P<inline>\bmod\s+(?:r\#)?(?P<inline_name>[A-Za-z_]\w*)\s*\{)
      | (?P<open>\{) | (?P<close>\}) | (?P<semi>;)""",
    re.X,
)


def declarations(text):
    """Each `mod name;` of a file: (inline modules around it, name, `#[path]` or None,
    `#[cfg_attr(.., path = ..)]` paths). Braces that are not inline modules (function
    bodies, macro bodies such as `cfg_if!` branches) add nothing to the module path."""
    out, stack, plain, cfg = [], [], None, []
    for m in TOKEN.finditer(text):
        kind = next(k for k in ("str", "char", "plain", "cfg", "decl", "inline", "open",
                                "close", "semi") if m.group(k) is not None)
        if kind == "plain":
            plain = m.group("plain_path")
        elif kind == "cfg":
            cfg.append(m.group("cfg_path"))
        elif kind == "decl":
            inline = [name for name in stack if name is not None]
            out.append((inline, m.group("decl_name"), plain, cfg))
            plain, cfg = None, []
        elif kind == "inline":
            stack.append(plain if plain is not None else m.group("inline_name"))
            plain, cfg = None, []
        elif kind == "open":
            stack.append(None)
            plain, cfg = None, []
        elif kind == "close":
            if stack:
                stack.pop()
            plain, cfg = None, []
        elif kind == "semi":
            plain, cfg = None, []
    return out
INCLUDE = re.compile(r"\binclude(?:_str|_bytes)?!\s*\(([^;]*?)\)\s*[;,)\]}]", re.S)


def module_name(rel):
    """The name a `mod` item gives this file: `a/b.rs` -> `b`, `a/b/mod.rs` -> `b`."""
    parts = rel.split(os.sep)
    if parts[-1] == "mod.rs" and len(parts) > 1:
        return parts[-2]
    return parts[-1][: -len(".rs")]


def main():
    root, listing = sys.argv[1], sys.argv[2]
    root = os.path.realpath(root)
    linted = set()
    with open(listing) as f:
        for line in f:
            if line.strip():
                linted.add(os.path.normpath(json.loads(line)["file"]))

    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline",
             "--manifest-path", os.path.join(root, "Cargo.toml")],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    targets = [t for p in meta["packages"] for t in p["targets"]]
    def rel_of(path):
        return os.path.relpath(os.path.realpath(path), root)
    build_scripts = {rel_of(t["src_path"]) for t in targets if "custom-build" in t["kind"]}
    crate_roots = {rel_of(t["src_path"]) for t in targets}

    files = list(rust_files(root))
    texts = {rel: read(root, rel) for rel in files}
    known = set(files)
    included = " ".join(" ".join(INCLUDE.findall(t)) for t in texts.values())

    def named(declaring):
        """The files the `mod` items of `declaring` can name, by rustc's rules (the
        Reference, "Modules"): a crate root or `mod.rs` keeps its child modules beside it,
        any other `x.rs` in `x/`; `#[path]` is relative to the file's directory at its top,
        and to the inline modules' directory inside them."""
        d = os.path.dirname(declaring)
        stem = os.path.basename(declaring)[: -len(".rs")]
        mod_rs = stem == "mod" or declaring in crate_roots
        base = d if mod_rs else os.path.join(d, stem)
        found = set()
        for inline, name, plain, cfg in declarations(texts[declaring]):
            here = os.path.join(base, *inline)
            def attr(p):
                return os.path.normpath(os.path.join(d if not inline else here, p))
            if plain is not None:
                found.add(attr(plain))
                continue
            found.update(attr(p) for p in cfg)
            found.add(os.path.normpath(os.path.join(here, name + ".rs")))
            found.add(os.path.normpath(os.path.join(here, name, "mod.rs")))
        return found & known

    def tree(roots):
        """Every file reachable from `roots` through `mod` items and `#[path]`s."""
        seen, queue = set(), [r for r in roots if r in texts]
        while queue:
            here = queue.pop()
            if here not in seen:
                seen.add(here)
                queue.extend(named(here) - seen)
        return seen

    crate_files = tree(crate_roots - build_scripts)
    build_files = tree(build_scripts)

    counts = {k: 0 for k in ("linted", "build-script", "included", "unreferenced", "skipped")}
    classified = []
    for rel in files:
        base = os.path.basename(rel)
        tail = "/".join(rel.split(os.sep)[-2:])
        if rel in linted:
            kind = "linted"
        elif rel in crate_files:
            kind = "skipped"
        elif rel in build_files:
            kind = "build-script"
        elif base in included or tail in included:
            kind = "included"
        else:
            kind = "unreferenced"
        counts[kind] += 1
        classified.append((kind, rel))
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    verbose = os.environ.get("CHECK_FILES_VERBOSE")
    for kind, rel in classified:
        if kind == "skipped":
            print(f"SKIPPED {rel}")
        elif verbose and kind != "linted":
            print(f"{kind} {rel}")
    skipped = counts["skipped"]
    sys.exit(1 if skipped else 0)


if __name__ == "__main__":
    main()
