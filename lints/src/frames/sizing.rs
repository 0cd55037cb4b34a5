//! From recorded slots to bytes: debug and release estimates of each body, once per known
//! instantiation of a generic function.

use super::collect::{BodyRecord, Records, Slot, SlotSize, Storage, What};
use super::{CallSite, Contributor, Estimate, FnFrame, FnId, FnKind, FrameTable, SlotKind};
use crate::collections::HashMap;
use crate::context::LintContext;
use crate::layout::{Abi, subst};
use crate::model::CrateModel;
use crate::model::ty::{GenericArg, Len, Ty};
use crate::typeck::FnTarget;

/// Spill traffic per call in a debug build: values live across a call are stored to the
/// stack by the fast register allocator (measured on regex-syntax and serde_json).
const SPILL_PER_CALL: u64 = 4;

/// In a release build, aggregates smaller than this are split into registers when nothing
/// takes their address (SROA); arrays stay in memory.
const RELEASE_MIN_AGGREGATE: u64 = 64;

/// A leaf function may use this many bytes below the stack pointer without reserving them
/// (the x86_64 red zone); LLVM leaves them out of the frame size.
const RED_ZONE: u64 = 128;

/// Instantiations of one generic function at most: a recursive generic function could ask
/// for new ones forever.
const MAX_INSTANCES: usize = 16;

pub(super) fn size(cx: &LintContext, records: Records) -> FrameTable {
    let wanted = instances(&records);
    let mut fns = Vec::new();
    // Where each body's first row went, for closures to point at their parent.
    let mut first_row: Vec<usize> = Vec::with_capacity(records.bodies.len());
    for body in &records.bodies {
        first_row.push(fns.len());
        let instances = match (&body.target, body.params.is_empty()) {
            (_, true) => vec![Vec::new()],
            (Some(target), false) => wanted.get(target).cloned().unwrap_or_default(),
            (None, false) => Vec::new(),
        };
        let parent = body.parent.map(|p| first_row[p]);
        if instances.is_empty() {
            fns.push(size_body(cx, body, None, parent));
        }
        for args in &instances {
            fns.push(size_body(cx, body, Some(args), parent));
        }
    }
    // Largest first, as the report and the lint want them; parents are re-pointed.
    let mut order: Vec<usize> = (0..fns.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb): (&FnFrame, &FnFrame) = (&fns[a], &fns[b]);
        fb.debug
            .bytes
            .cmp(&fa.debug.bytes)
            .then(fa.id.name_span.cmp(&fb.id.name_span))
    });
    let mut position = vec![0; fns.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut slots: Vec<Option<FnFrame>> = fns.into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(slots.len());
    for &old in &order {
        if let Some(mut f) = slots[old].take() {
            f.parent = f.parent.map(|p| position[p]);
            sorted.push(f);
        }
    }
    FrameTable { fns: sorted }
}

/// The instantiations of each generic function: asked for by non-generic code, and then by
/// the instantiations themselves (a generic function calling another with its own
/// parameters), until nothing new is asked for.
fn instances(records: &Records) -> HashMap<FnTarget, Vec<Vec<GenericArg>>> {
    let mut body_of: HashMap<&FnTarget, usize> = HashMap::default();
    for (i, body) in records.bodies.iter().enumerate() {
        if let Some(target) = &body.target {
            body_of.entry(target).or_insert(i);
        }
    }
    let mut asks: HashMap<usize, Vec<(&FnTarget, &Vec<GenericArg>)>> = HashMap::default();
    for (caller, target, args) in &records.instances {
        asks.entry(*caller).or_default().push((target, args));
    }
    let mut wanted: HashMap<FnTarget, Vec<Vec<GenericArg>>> = HashMap::default();
    let mut queue: Vec<(FnTarget, Vec<GenericArg>)> = Vec::new();
    // Callers that are not generic themselves (closures inside a generic function are not
    // instantiated: their requests are left out).
    for (caller, target, args) in &records.instances {
        let caller_generic = generic_context(records, *caller);
        if !caller_generic && args.iter().all(concrete_arg) {
            queue.push((target.clone(), args.clone()));
        }
    }
    while let Some((target, args)) = queue.pop() {
        let list = wanted.entry(target.clone()).or_default();
        if list.contains(&args) || list.len() >= MAX_INSTANCES {
            continue;
        }
        list.push(args.clone());
        let Some(&body) = body_of.get(&target) else {
            continue;
        };
        let params = &records.bodies[body].params;
        for (callee, callee_args) in asks.get(&body).into_iter().flatten() {
            let args: Vec<GenericArg> = callee_args
                .iter()
                .map(|a| match a {
                    // A const parameter passed on parses as a type.
                    GenericArg::Type(Ty::Param(n))
                        if params.iter().any(
                            |p| matches!(p, crate::model::GenericParam::Const(c) if c == n),
                        ) =>
                    {
                        let i = params.iter().position(
                            |p| matches!(p, crate::model::GenericParam::Const(c) if c == n),
                        );
                        match i.and_then(|i| args.get(i)) {
                            Some(arg) => arg.clone(),
                            None => a.clone(),
                        }
                    }
                    GenericArg::Type(t) => GenericArg::Type(subst(t, params, &args)),
                    GenericArg::Const(Len::Param(n)) => {
                        let i = params.iter().position(
                            |p| matches!(p, crate::model::GenericParam::Const(c) if c == n),
                        );
                        match i.and_then(|i| args.get(i)) {
                            Some(GenericArg::Const(len)) => GenericArg::Const(len.clone()),
                            _ => a.clone(),
                        }
                    }
                    other => other.clone(),
                })
                .collect();
            if args.iter().all(concrete_arg) {
                queue.push(((*callee).clone(), args));
            }
        }
    }
    wanted
}

/// Whether a body is generic or inside a generic body.
fn generic_context(records: &Records, mut body: usize) -> bool {
    loop {
        let b = &records.bodies[body];
        if !b.params.is_empty() {
            return true;
        }
        match b.parent {
            Some(p) => body = p,
            None => return false,
        }
    }
}

fn concrete_arg(arg: &GenericArg) -> bool {
    match arg {
        GenericArg::Type(t) => concrete(t),
        GenericArg::Const(Len::Known(_)) => true,
        GenericArg::Const(_) => false,
    }
}

fn concrete(ty: &Ty) -> bool {
    match ty {
        // Unknown parts are sized as unknown; a parameter would be the caller's.
        Ty::Param(_) | Ty::InferInt | Ty::InferFloat => false,
        Ty::Array(t, len) => concrete(t) && matches!(len, Len::Known(_) | Len::Expr(_)),
        Ty::Slice(t) | Ty::Ptr(t) | Ty::RawPtr(t) | Ty::Projection(t, _) => concrete(t),
        Ty::Tuple(ts) => ts.iter().all(concrete),
        Ty::Adt(_, args) | Ty::Std(_, args) => args.iter().all(concrete_arg),
        _ => true,
    }
}

/// What one slot costs.
struct Cost {
    debug: u64,
    release: u64,
    exact: bool,
    ty: Option<Ty>,
}

fn slot_cost(
    model: &CrateModel,
    body: &BodyRecord,
    slot: &Slot,
    args: Option<&[GenericArg]>,
) -> Cost {
    let ssa = |local: usize| {
        body.locals
            .get(local)
            .is_some_and(|l| !l.borrowed && !l.reassigned)
    };
    let ty = match &slot.size {
        SlotSize::Bytes(bytes) => {
            return Cost {
                debug: *bytes,
                release: 0,
                exact: true,
                ty: None,
            };
        }
        SlotSize::Of(ty) => ty.as_ref().map(|t| match args {
            Some(args) => subst(t, &body.params, args),
            None => t.clone(),
        }),
    };
    let layout = ty.as_ref().and_then(|t| model.layout_of(t));
    let abi = ty.as_ref().map_or(Abi::Unknown, |t| model.abi_of(t));
    let size = layout.map_or(0, |l| l.size);
    let exact = layout.is_some_and(|l| l.exact);
    // A value of unknown kind larger than two words cannot be a scalar or a pair.
    let in_memory = match abi {
        Abi::Memory => true,
        Abi::Unknown => size > 16,
        _ => false,
    };
    // Copy propagation merges a copy with its source when both are assigned once and
    // never borrowed, and the value has no drop glue (a value that must be dropped on
    // unwind keeps its own slot).
    let merged = slot.copy_of.is_some_and(ssa)
        && slot.local.is_none_or(ssa)
        && ty.as_ref().and_then(|t| model.needs_drop(t)) == Some(false);
    let mut debug = match slot.storage {
        Storage::Memory => {
            if in_memory {
                size
            } else {
                0
            }
        }
        Storage::Always => size,
        Storage::Param => {
            if in_memory && size > 16 {
                8
            } else {
                size
            }
        }
        Storage::Return => {
            if in_memory && size <= 16 {
                size
            } else {
                0
            }
        }
    };
    if merged {
        debug = 0;
    }
    let array = matches!(ty, Some(Ty::Array(..)));
    // A closure, or an adapter holding one, is inlined and its captures used where they
    // are: the values they move in do not get a second home in a release build.
    let closure = ty.as_ref().is_some_and(holds_closure);
    let large = in_memory && !closure && (size >= RELEASE_MIN_AGGREGATE || (array && size > 16));
    let release = match slot.kind {
        SlotKind::Binding if large => size,
        SlotKind::Copy => {
            let source_borrowed = slot
                .copy_of
                .and_then(|l| body.locals.get(l))
                .is_some_and(|l| l.borrowed);
            if large && (source_borrowed || slot.copy_of.is_none()) {
                size
            } else {
                0
            }
        }
        SlotKind::Temporary if slot.release && large => size,
        _ => 0,
    };
    Cost {
        debug,
        release: if merged { 0 } else { release },
        exact,
        ty,
    }
}

fn size_body(
    cx: &LintContext,
    body: &BodyRecord,
    args: Option<&[GenericArg]>,
    parent: Option<usize>,
) -> FnFrame {
    let model = cx.model;
    let asynchronous = matches!(body.kind, FnKind::AsyncFn | FnKind::AsyncBlock);
    let mut exact = !body.opaque && (args.is_some() || body.params.is_empty());
    let mut debug_total = 0u64;
    let mut held = 0u64;
    let mut release_by_region = vec![0u64; body.regions.len()];
    let mut groups: Vec<Contributor> = Vec::new();
    let mut group_index: HashMap<(crate::diag::Span, String), usize> = HashMap::default();
    for slot in &body.slots {
        let cost = slot_cost(model, body, slot, args);
        exact &= cost.exact;
        // In an async body, a binding live across an `.await` is kept in the future.
        if asynchronous
            && let Some(local) = slot.local.and_then(|l| body.locals.get(l))
            && body
                .awaits
                .iter()
                .any(|&(at, region)| at > local.start && within(body, region, local.region))
        {
            held += cost.debug;
            continue;
        }
        debug_total += cost.debug;
        if let Some(r) = release_by_region.get_mut(slot.region) {
            *r += cost.release;
        }
        if cost.debug == 0 && cost.release == 0 {
            continue;
        }
        let what = describe(cx, slot);
        let key = (slot.span, what.clone());
        match group_index.get(&key) {
            Some(&i) => {
                let g: &mut Contributor = &mut groups[i];
                g.debug += cost.debug;
                g.release += cost.release;
                g.exact &= cost.exact;
            }
            None => {
                group_index.insert(key, groups.len());
                groups.push(Contributor {
                    span: slot.span,
                    extent: slot.extent,
                    what,
                    ty: cost.ty.as_ref().map(|t| model.ty_name(t)),
                    kind: slot.kind,
                    debug: cost.debug,
                    release: cost.release,
                    exact: cost.exact,
                    array: slot.array,
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        b.debug
            .cmp(&a.debug)
            .then(b.release.cmp(&a.release))
            .then(a.span.cmp(&b.span))
    });
    let debug = if debug_total == 0 && body.calls == 0 {
        0
    } else {
        frame_round(debug_total + SPILL_PER_CALL * u64::from(body.calls))
    };
    let mut release = region_release(body, &release_by_region, 0);
    if body.calls == 0 {
        release = release.saturating_sub(RED_ZONE);
    }
    let release = if release == 0 {
        0
    } else {
        frame_round(release)
    };
    let path = match args {
        Some(args) if !args.is_empty() => format!("{}::<{}>", body.path, args_text(model, args)),
        _ => body.path.clone(),
    };
    FnFrame {
        id: FnId {
            name_span: body.name_span,
            args: args.map(<[GenericArg]>::to_vec).unwrap_or_default(),
        },
        path,
        kind: body.kind,
        span: body.span,
        parent,
        target: body.target.clone(),
        generic: args.is_none() && !body.params.is_empty(),
        debug: Estimate {
            bytes: debug,
            exact,
        },
        release: Estimate {
            bytes: release,
            exact,
        },
        contributors: groups,
        held_across_await: held,
        calls: body
            .call_sites
            .iter()
            .map(|(span, target, callee_args)| CallSite {
                span: *span,
                target: target.clone(),
                args: callee_args.as_ref().map(|list| {
                    list.iter()
                        .map(|a| match (a, args) {
                            (GenericArg::Type(t), Some(args)) => {
                                GenericArg::Type(subst(t, &body.params, args))
                            }
                            _ => a.clone(),
                        })
                        .collect()
                }),
            })
            .collect(),
    }
}

fn holds_closure(ty: &Ty) -> bool {
    match ty {
        Ty::Std(key, _) if key == "Closure" => true,
        Ty::Tuple(elems) => elems.iter().any(holds_closure),
        _ => false,
    }
}

/// Whether region `inner` is `outer` or inside it.
fn within(body: &BodyRecord, inner: usize, outer: usize) -> bool {
    let mut r = Some(inner);
    while let Some(i) = r {
        if i == outer {
            return true;
        }
        r = body.regions.get(i).and_then(|x| x.parent);
    }
    false
}

/// Release: a region holds its own slots for its whole life, and the largest of its
/// children at a time (sibling scopes and statements do not overlap).
fn region_release(body: &BodyRecord, own: &[u64], root: usize) -> u64 {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); body.regions.len()];
    for (i, r) in body.regions.iter().enumerate() {
        if let Some(p) = r.parent {
            children[p].push(i);
        }
    }
    // Children always come after their parent: fold from the end.
    let mut total = own.to_vec();
    for i in (0..body.regions.len()).rev() {
        let widest = children[i].iter().map(|&c| total[c]).max().unwrap_or(0);
        total[i] = own[i] + widest;
    }
    total.get(root).copied().unwrap_or(0)
}

/// A frame is a multiple of 16 bytes once the return address is pushed.
fn frame_round(bytes: u64) -> u64 {
    (bytes + 8).div_ceil(16) * 16 - 8
}

fn args_text(model: &CrateModel, args: &[GenericArg]) -> String {
    args.iter()
        .map(|a| match a {
            GenericArg::Type(t) => model.ty_name(t),
            GenericArg::Const(len) => model
                .array_len(len)
                .map_or_else(|| "_".to_string(), |n| n.to_string()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(cx: &LintContext, slot: &Slot) -> String {
    let text = || short(cx.snippet(slot.span));
    match &slot.what {
        What::Binding(name) => format!("`{name}`"),
        What::Param(name) => format!("parameter `{name}`"),
        What::SelfParam => "`self`".to_string(),
        What::ReturnPlace => "the return value".to_string(),
        What::Value => format!("the value of `{}`", text()),
        What::CopyOf(name) => format!("a copy of `{name}`"),
        What::Try => format!("`?` on `{}`", text().trim_end_matches('?')),
        What::Loop => format!("the iterator over `{}`", text()),
        What::Format(mac) => format!("the arguments of `{mac}!`"),
    }
}

/// Source text for a label: one line, at most 40 characters.
fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= 40 {
        one_line
    } else {
        let cut: String = one_line.chars().take(37).collect();
        format!("{cut}...")
    }
}
