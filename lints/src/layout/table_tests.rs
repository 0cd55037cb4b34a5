//! The engine against measured layouts: every row of the std table (std types, tuples,
//! pointers, `Option`/`Result` niches, and the user-defined shapes of
//! `../shared/groundtruth/std_sizes.rs`).

use super::std_types::{TABLE, parse_table, rows};
use crate::cfg::CfgOptions;
use crate::load::ModuleFile;
use crate::model::ty::Ty;
use crate::model::{CrateModel, ItemKind};
use crate::parse::parse_file;
use crate::source::{SourceFile, SourceMap};

/// The imports and type definitions `std_sizes.rs` measures the table with.
const PRELUDE: &str = r#"
use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::ffi::{CStr, CString, OsStr, OsString};
use std::fmt::Debug;
use std::fs::File;
use std::io;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use std::sync::{Arc, Condvar, LazyLock, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime};
struct Reordered { a: u8, b: u32, c: u16, d: u64, e: u8 }
#[repr(C)]
struct ReprC { a: u8, b: u32, c: u16, d: u64, e: u8 }
#[repr(C, packed)]
struct Packed { a: u8, b: u32, c: u16, d: u64, e: u8 }
#[repr(align(64))]
struct Aligned64(u8);
struct ZeroSized;
struct BigStruct { data: [u64; 512], tag: u64 }
enum Fieldless { A, B, C }
#[repr(u32)]
enum FieldlessReprU32 { A, B }
enum LargeVariant { Small(u8), Medium(u64, u64), Huge([u8; 8192]) }
enum TwoSmall { A(u32), B(u8) }
enum BoxOrNone { A(Box<u8>), B }
enum BoxOrTwoUnits { A(Box<u8>), B, C }
enum VecOrUnit { A(Vec<u8>), B }
enum VecOrTwoUnits { A(Vec<u8>), B, C, D }
enum BoolNiche { A(bool), B, C }
enum CharNiche { A(char), B }
enum U8Payload { A(u8), B }
enum TwoBoxes { A(Box<u8>), B(Box<u16>) }
enum StringOrU64 { S(String), N(u64) }
enum Empty {}
struct WithEnumField { tag: Fieldless, x: u32 }
trait Shape { fn area(&self) -> f64; }
"#;

struct Checked {
    written: String,
    want: (u64, u64),
    got: Option<crate::layout::Layout>,
}

fn check_table() -> Vec<Checked> {
    let mut source = PRELUDE.to_string();
    let mut written = Vec::new();
    for (ty, size, align) in rows(TABLE) {
        if syn::parse_str::<syn::Type>(ty).is_err() {
            continue; // "closure capturing nothing" and the like
        }
        source.push_str(&format!("type Row{} = {ty};\n", written.len()));
        written.push((ty.to_string(), (size, align)));
    }
    // `Fieldless300` is in the table; its 300 variants are written out here.
    let variants: Vec<String> = (0..300).map(|i| format!("V{i}")).collect();
    source.push_str(&format!(
        "enum Fieldless300 {{ {} }}\n",
        variants.join(", ")
    ));
    let model = model_of(&source);
    written
        .into_iter()
        .enumerate()
        .map(|(i, (written, want))| {
            let id = model
                .item_ids()
                .find(|&id| model.item(id).name == format!("Row{i}"))
                .expect("every row has an alias");
            assert!(matches!(model.item(id).kind, ItemKind::Alias { .. }));
            Checked {
                written,
                want,
                got: model.layout_of(&Ty::Adt(id, Vec::new())),
            }
        })
        .collect()
}

pub(crate) fn model_of(source: &str) -> CrateModel {
    let parsed = parse_file(source).unwrap_or_else(|e| panic!("{}", e.message));
    let sources = SourceMap::default();
    let file = ModuleFile {
        file: sources.add(SourceFile::new(
            "lib.rs".into(),
            "lib.rs".into(),
            source.into(),
        )),
        module: Vec::new(),
        parsed,
        declared_at: None,
    };
    CrateModel::build(
        std::slice::from_ref(&file),
        &CfgOptions::default(),
        &sources,
    )
}

#[test]
fn std_table_is_consistent() {
    let (_, conflicts) = parse_table(TABLE);
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn every_exact_layout_matches_the_std_table() {
    let checked = check_table();
    assert!(checked.len() > 200, "{} rows", checked.len());
    let mut wrong = Vec::new();
    let mut inexact = Vec::new();
    for c in &checked {
        match c.got {
            Some(l) if l.exact => {
                if (l.size, l.align) != c.want {
                    wrong.push(format!(
                        "{}: memlint {}/{}, rustc {:?}",
                        c.written, l.size, l.align, c.want
                    ));
                }
            }
            Some(l) => {
                assert!(
                    l.size <= c.want.0,
                    "{}: lower bound {} > {}",
                    c.written,
                    l.size,
                    c.want.0
                );
                inexact.push(c.written.clone());
            }
            None => inexact.push(c.written.clone()),
        }
    }
    assert!(wrong.is_empty(), "wrong layouts:\n{}", wrong.join("\n"));
    // Every type in the table is one memlint should know exactly.
    assert!(inexact.is_empty(), "not exact: {inexact:?}");
}

#[test]
fn options_of_inexact_types_are_lower_bounds() {
    let model = model_of(
        "use std::process::Command;\n\
         type A = Option<Command>;\n\
         struct Generic<T> { t: T, n: u8 }\n\
         type B = Option<Generic<Unknown>>;",
    );
    for name in ["A", "B"] {
        let id = model
            .item_ids()
            .find(|&id| model.item(id).name == name)
            .unwrap();
        let l = model.layout_of(&Ty::Adt(id, Vec::new())).unwrap();
        assert!(!l.exact, "{name}: {l:?}");
    }
}
