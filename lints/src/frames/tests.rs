//! The estimator on small crates. Where a number is given as "LLVM", it is the frame
//! rustc 1.97 nightly gave that function in a debug build (`stack-sizes.sh`, see
//! `../shared/groundtruth/README.md`); the estimate must be within 2% of it, or 48 bytes
//! for small frames (spill slots the source does not show).

use super::{FnFrame, FnKind, FrameTable, SlotKind, estimate};

fn frames(source: &str) -> FrameTable {
    estimate(&crate::test_crate::TestCrate::new(source).cx())
}

fn find<'t>(table: &'t FrameTable, path: &str) -> &'t FnFrame {
    table
        .fns
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| {
            let paths: Vec<&str> = table.fns.iter().map(|f| f.path.as_str()).collect();
            panic!("no frame for `{path}` in {paths:?}")
        })
}

/// Within 2% of what LLVM allocated.
fn near_llvm(frame: &FnFrame, llvm: u64) {
    let est = frame.debug.bytes as f64;
    let err = (est - llvm as f64).abs() / llvm as f64;
    assert!(
        err <= 0.02 || frame.debug.bytes.abs_diff(llvm) <= 48,
        "{}: estimate {} vs LLVM {llvm} ({:.1}%)",
        frame.path,
        frame.debug.bytes,
        100.0 * err
    );
}

const BIG: &str = "
    #[derive(Clone, Copy)]
    pub struct BigStruct { pub data: [u64; 512], pub tag: u64 }
    fn black_box<T>(x: T) -> T { x }
";

#[test]
fn arrays_and_disjoint_scopes() {
    let t = frames(
        "fn black_box<T>(x: T) -> T { x }
        fn big_local_array(seed: u8) -> u8 {
            let mut buf = [0u8; 65536];
            buf[seed as usize] = seed;
            black_box(&mut buf);
            buf[(seed as usize) * 3 % 65536]
        }
        fn disjoint_scopes(n: usize) -> u64 {
            let mut total = 0u64;
            { let mut a = [1u8; 32768]; black_box(&mut a); total += a[n % 32768] as u64; }
            { let mut b = [2u8; 32768]; black_box(&mut b); total += b[n % 32768] as u64; }
            total
        }",
    );
    near_llvm(find(&t, "big_local_array"), 65576);
    let disjoint = find(&t, "disjoint_scopes");
    near_llvm(disjoint, 65624);
    // Release overlaps the two blocks: one array (LLVM: 32824).
    assert!(
        (32768..=32768 + 256).contains(&disjoint.release.bytes),
        "{:?}",
        disjoint.release
    );
}

#[test]
fn copies_merge_unless_borrowed() {
    let t = frames(&format!(
        "{BIG}
        fn moves_big(x: u64) -> u64 {{
            let a = BigStruct {{ data: [x; 512], tag: 1 }};
            let b = a;
            let c = b;
            black_box(&c);
            c.data[3]
        }}
        fn merged(x: u64) -> u64 {{
            let a = BigStruct {{ data: [x; 512], tag: 1 }};
            let b = a;
            let c = b;
            c.data[3]
        }}"
    ));
    // `a` and `b` are merged, `c` is borrowed: the array temporary, `a`, `c` (LLVM 12344).
    near_llvm(find(&t, "moves_big"), 12344);
    // Nothing borrowed: one struct and the array it is built from.
    let merged = find(&t, "merged");
    assert!(merged.debug.bytes < 2 * 4104 + 256, "{:?}", merged.debug);
}

#[test]
fn calls_copy_their_arguments() {
    let t = frames(&format!(
        "{BIG}
        fn take_big_by_value(s: BigStruct) -> u64 {{ s.data[0] + s.data[511] + s.tag }}
        fn make_and_pass_big(x: u64) -> u64 {{
            let mut s = BigStruct {{ data: [x; 512], tag: x }};
            black_box(&mut s);
            take_big_by_value(s)
        }}
        fn boxed_big(x: u64) -> Box<BigStruct> {{
            Box::new(BigStruct {{ data: [x; 512], tag: 2 }})
        }}"
    ));
    // A parameter passed by pointer costs its callee the pointer (LLVM: 24).
    assert!(find(&t, "take_big_by_value").debug.bytes <= 24);
    near_llvm(find(&t, "make_and_pass_big"), 12344);
    near_llvm(find(&t, "boxed_big"), 8280);
}

#[test]
fn try_takes_four_slots() {
    let t = frames(
        "pub struct Report { pub lines: [u64; 1024] }
        pub struct Failure { pub context: [u8; 1024] }
        fn step(n: u64) -> Result<Report, Failure> {
            if n > 100 { Err(Failure { context: [0; 1024] }) } else { Ok(Report { lines: [n; 1024] }) }
        }
        fn pipeline(n: u64) -> Result<u64, Failure> {
            let a = step(n)?;
            let b = step(n + 1)?;
            Ok(a.lines[0] + b.lines[1])
        }",
    );
    let pipeline = find(&t, "pipeline");
    // Per `?`: the result (8200), the `ControlFlow` (8200), the residual and its copy
    // (1024 each); the bindings (8192 each).
    let expected = 2 * (8200 + 8200 + 1024 + 1024 + 8192);
    assert!(
        pipeline.debug.bytes >= expected && pipeline.debug.bytes <= expected + 512,
        "{:?}",
        pipeline.debug
    );
    let tries: Vec<_> = pipeline
        .contributors
        .iter()
        .filter(|c| c.kind == SlotKind::Try)
        .collect();
    assert_eq!(tries.len(), 2);
    assert_eq!(tries[0].what, "`?` on `step(n)`");
}

#[test]
fn generic_functions_per_instantiation() {
    let t = frames(
        "fn generic_sum<T: Copy + Into<u64>, const N: usize>(xs: [T; N]) -> u64 {
            let mut local = xs;
            local.iter().map(|&x| x.into()).sum()
        }
        fn unused<const N: usize>() -> usize { let buf = [0u64; N]; buf.len() }
        pub fn use_generics() -> u64 {
            generic_sum([1u8; 100]) + generic_sum([1u32; 1000])
        }",
    );
    near_llvm(find(&t, "generic_sum::<u32, 1000>"), 4008);
    assert!(find(&t, "generic_sum::<u8, 100>").debug.bytes < 200);
    near_llvm(find(&t, "use_generics"), 4152);
    let unused = find(&t, "unused");
    assert!(unused.generic);
    assert!(!unused.debug.exact);
}

#[test]
fn closures_are_bodies_of_their_own() {
    let t = frames(
        "fn closure_capture(x: u8) -> usize {
            let arr = [x; 4096];
            let f = move |i: usize| arr[i % 4096] as usize;
            let _ = &f;
            (0..10).map(f).sum()
        }",
    );
    let outer = find(&t, "closure_capture");
    // The array, the closure holding it, its copy for `map`, the `Map` (LLVM: 16408).
    near_llvm(outer, 16408);
    let closure = find(&t, "closure_capture::{closure#0}");
    assert_eq!(closure.kind, FnKind::Closure);
    assert!(closure.debug.bytes < 128, "{:?}", closure.debug);
    assert_eq!(
        closure.parent.map(|p| t.fns[p].path.as_str()),
        Some("closure_capture")
    );
}

#[test]
fn async_locals_held_across_await_are_in_the_future() {
    let t = frames(
        "async fn ready() {}
        async fn across(x: u64) -> u64 {
            let a = [x; 4000];
            ready().await;
            a[1]
        }
        async fn before(x: u64) -> u64 {
            let s = { let a = [x; 4000]; a[1] };
            ready().await;
            s
        }",
    );
    let across = find(&t, "across");
    assert_eq!(across.kind, FnKind::AsyncFn);
    assert!(across.debug.bytes < 1000, "{:?}", across.debug);
    assert!(across.held_across_await >= 32000);
    assert!(find(&t, "before").debug.bytes >= 32000);
}

#[test]
fn unknown_types_make_a_lower_bound() {
    let t = frames(
        "fn known(x: u8) -> u8 { let a = [x; 64]; a[0] }
        fn foreign() -> usize { let w = other::Widget::new(); w.size() }",
    );
    assert!(find(&t, "known").debug.exact);
    assert!(!find(&t, "foreign").debug.exact);
}

#[test]
fn values_never_read_without_drop_glue_take_no_slot() {
    let t = frames(
        "fn tuple() { let a = [0u8; 4096]; let b = [1u8; 4096]; let _ = (a, b); }
        fn vecs() { let a = vec![0u8; 4096]; let b = vec![1u8; 4096]; let _ = (a, b); }",
    );
    // Two arrays; the tuple is removed by the MIR passes.
    assert!(find(&t, "tuple").debug.bytes < 2 * 4096 + 128);
    // A tuple of `Vec`s has drop glue: it is built and dropped.
    let vecs = find(&t, "vecs");
    assert!(
        vecs.contributors.iter().any(|c| c.what.contains("(a, b)")),
        "{:?}",
        vecs.contributors
    );
}

#[test]
fn contributors_are_grouped_and_sorted() {
    let t = frames(
        "fn parts(x: u32) -> u32 {
            let small = [x; 16];
            let large = [x; 4096];
            let medium = [x; 256];
            small[0] + large[1] + medium[2]
        }",
    );
    let whats: Vec<&str> = find(&t, "parts")
        .contributors
        .iter()
        .map(|c| c.what.as_str())
        .take(3)
        .collect();
    assert_eq!(whats, ["`large`", "`medium`", "`small`"]);
    assert!(find(&t, "parts").contributors[0].array);
}

#[test]
fn methods_and_trait_impls_are_named_by_their_type() {
    let t = frames(
        "pub struct Square(pub f64);
        pub trait Shape { fn area(&self) -> f64; fn twice(&self) -> f64 { self.area() * 2.0 } }
        impl Shape for Square { fn area(&self) -> f64 { let s = [self.0; 64]; s[0] * s[1] } }
        impl Square { pub fn inherent(&self, n: usize) -> f64 { let s = [self.0; 256]; s[n % 256] } }",
    );
    near_llvm(find(&t, "<Square as Shape>::area"), 552);
    near_llvm(find(&t, "Square::inherent"), 2120);
    assert_eq!(find(&t, "Shape::twice").kind, FnKind::TraitMethod);
}

#[test]
fn trait_generic_code_is_instantiated_through_calls_and_projections() {
    let t = frames(
        "pub struct Error { pub msg: [u8; 200] }
        pub trait Visitor { type Err; fn pre(&mut self) -> Result<(), Self::Err>; }
        pub trait Other { fn pre(&mut self) -> u8; }
        pub struct Counter;
        impl Visitor for Counter {
            type Err = Error;
            fn pre(&mut self) -> Result<(), Error> { Ok(()) }
        }
        fn walk<V: Visitor>(mut v: V) -> Result<(), V::Err> { v.pre()?; v.pre()?; Ok(()) }
        fn inner<V>(v: V) -> Result<(), V::Err> where V: Visitor { walk(v) }
        pub fn run() -> bool { inner(Counter).is_ok() }",
    );
    // `inner` is asked for by `run`, and `walk` by `inner::<Counter>`.
    assert!(find(&t, "inner::<Counter>").debug.exact);
    let walk = find(&t, "walk::<Counter>");
    // `V::Err` is `Error` once `V` is `Counter`, and `pre` is `Visitor::pre` (the bound
    // decides between the two traits' `pre`): two `?` on a `Result<(), Error>`, each with
    // its `ControlFlow`, residual and residual copy.
    let tries: Vec<u64> = walk
        .contributors
        .iter()
        .filter(|c| c.kind == SlotKind::Try)
        .map(|c| c.debug)
        .collect();
    assert_eq!(tries.len(), 2, "{:?}", walk.contributors);
    assert!(tries.iter().all(|&b| b >= 3 * 200), "{tries:?}");
    assert!(walk.debug.exact, "{:?}", walk.contributors);
}

#[test]
fn calls_of_crate_functions_are_kept_for_call_chains() {
    let t = frames(
        "pub struct P;
        impl P { fn step(&self) -> u8 { 1 } }
        fn leaf<T>(x: T) -> T { x }
        pub fn top(p: &P) -> u8 { leaf(p.step()) + leaf(2u8) }",
    );
    let top = find(&t, "top");
    let names: Vec<String> = top
        .calls
        .iter()
        .map(|c| match &c.target {
            crate::typeck::FnTarget::Item(_) => "leaf".to_string(),
            crate::typeck::FnTarget::Assoc(_, name) => name.clone(),
        })
        .collect();
    assert_eq!(names, ["leaf", "step", "leaf"]);
    assert!(top.calls.iter().all(|c| c.args.is_some()));
    let leaf = &top.calls[0].target;
    assert_eq!(t.of(leaf).count(), 1, "one instantiation, `leaf::<u8>`");
}
