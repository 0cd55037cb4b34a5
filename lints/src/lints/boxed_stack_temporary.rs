use crate::collections::HashMap;
use crate::context::LintContext;
use crate::declare_lint;
use crate::diag::{Applicability, Diagnostic, Span, human_bytes};
use crate::lints::large_stack_array::LARGE_STACK_ARRAY;
use crate::model::ty::Ty;
use crate::model::{ItemKind, Ns, Res};
use crate::typeck::path_names;
use crate::walk::{At, Hooks, walk};

declare_lint! {
    /// ### What it does
    /// Finds `Box::new`, `Rc::new`, `Arc::new`, `Box::from`, `Box::pin`, `Mutex::new`,
    /// `RwLock::new`, `RefCell::new`, `Cell::new` and the like given a value of at least
    /// `array-size-threshold` bytes (default 16384) that is built on the stack first: an
    /// array expression, a struct literal, a tuple, `Default::default()`, `T::default()`,
    /// `mem::zeroed()`, a constant, or any call returning a large type.
    ///
    /// When it fires, `large_stack_array` does not also report the array inside.
    ///
    /// ### Why is this bad?
    /// `Box::new(x)` is a function call: `x` is built in the caller's frame first and then
    /// moved to the heap. Release builds do that too (they cannot build in place across an
    /// allocation that may fail), and debug builds copy the value once more. A megabyte
    /// meant for the heap overflows the stack on its way there. `Mutex::new(x)` and
    /// `RefCell::new(x)` take `x` by value the same way.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let buffer = Box::new([0u8; 1 << 20]);
    /// let state = Arc::new(State::default());
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let buffer = vec![0u8; 1 << 20].into_boxed_slice();
    /// // with a fixed length: Box<[u8; 1 << 20]>
    /// let buffer: Box<[u8; 1 << 20]> = vec![0u8; 1 << 20].into_boxed_slice().try_into().unwrap();
    /// // build in place, field by field:
    /// let mut state = Box::<State>::new_uninit();
    /// ```
    ///
    /// ### Known problems
    /// - The value's type must be known from the source: an array expression, a literal, a
    ///   crate function's declared return type, a `let` annotation (`let b: Box<Big> =
    ///   Box::new(Default::default())`) or a turbofish (`Box::<Big>::new(..)`).
    /// - A local variable moved into the box (`Box::new(buf)`) is not reported here: the
    ///   binding already holds the memory, and `large_stack_array` reports large arrays
    ///   bound to a name.
    pub static BOXED_STACK_TEMPORARY = {
        name: "boxed_stack_temporary",
        level: Warn,
        summary: "a large value is built on the stack before it is boxed",
    };
}

pub fn check(cx: &LintContext, out: &mut Vec<Diagnostic>) {
    walk(cx, &mut pass(cx, out));
}

/// The lint as hooks, for a walk shared with other hooks.
pub(crate) fn pass<'a, 'o>(
    cx: &'a LintContext<'a>,
    out: &'o mut Vec<Diagnostic>,
) -> Temporaries<'a, 'o> {
    Temporaries {
        cx,
        expected: HashMap::default(),
        out,
    }
}

pub(crate) struct Temporaries<'a, 'o> {
    cx: &'a LintContext<'a>,
    /// The argument type a `let` annotation gives a wrapper call: `let b: Box<Big> =
    /// Box::new(..)`, by the call's span.
    expected: HashMap<Span, Ty>,
    out: &'o mut Vec<Diagnostic>,
}

/// Std types whose constructors take the value by value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    /// `Box`, `Rc`, `Arc`: the value is moved to the heap.
    Heap,
    /// `Mutex`, `RefCell`...: the value stays where the wrapper is.
    InPlace,
}

fn wrapper(key: &str, func: &str) -> Option<Wrapper> {
    match (key, func) {
        ("Box" | "Rc" | "Arc", "new" | "from" | "pin") => Some(Wrapper::Heap),
        (
            "Mutex" | "RwLock" | "RefCell" | "Cell" | "UnsafeCell" | "OnceCell" | "OnceLock",
            "new" | "from",
        ) => Some(Wrapper::InPlace),
        _ => None,
    }
}

/// How the argument comes to be on the stack.
enum Built {
    /// An array expression: `[x; N]` or `[a, b, c]`.
    Array,
    /// Anything else built for the call: a struct literal, a call's result, a constant.
    Other,
}

struct WrapperCall<'e> {
    /// `Box::new`, as written.
    name: String,
    key: String,
    kind: Wrapper,
    /// The type argument of `Box::<T>::new`.
    turbofish: Option<Ty>,
    arg: &'e syn::Expr,
}

impl Hooks for Temporaries<'_, '_> {
    fn local(&mut self, at: &At, local: &syn::Local) {
        let (syn::Pat::Type(t), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        if let Ty::Std(_, args) = at.env.model().expand_aliases(&at.env.lower(&t.ty))
            && let Some(inner) = Ty::type_arg(&args, 0)
        {
            self.expected.insert(at.span(&*init.expr), inner.clone());
        }
    }

    fn expr(&mut self, at: &At, expr: &syn::Expr) -> bool {
        let Some(call) = wrapper_call(at, expr) else {
            return true;
        };
        // Reported: what is inside the argument is part of the same temporary.
        !self.check(at, expr, &call)
    }
}

fn wrapper_call<'e>(at: &At, expr: &'e syn::Expr) -> Option<WrapperCall<'e>> {
    let syn::Expr::Call(call) = expr else {
        return None;
    };
    let syn::Expr::Path(p) = &*call.func else {
        return None;
    };
    if p.qself.is_some() || call.args.len() != 1 || p.path.segments.len() < 2 {
        return None;
    }
    let func = p.path.segments.last()?.ident.to_string();
    let mut type_path = p.path.clone();
    type_path.segments.pop();
    type_path.segments.pop_punct();
    let ty = at.env.lower(&syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path: type_path,
    }));
    let Ty::Std(key, args) = ty else {
        return None;
    };
    let kind = wrapper(&key, &func)?;
    Some(WrapperCall {
        name: format!("{key}::{func}"),
        key,
        kind,
        turbofish: Ty::type_arg(&args, 0).cloned(),
        arg: call.args.first()?,
    })
}

fn strip(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            _ => return expr,
        }
    }
}

/// Whether `arg` is built on the stack for the call (rather than being a binding that
/// already holds it), and how.
fn built(at: &At, arg: &syn::Expr) -> Option<Built> {
    match strip(arg) {
        syn::Expr::Repeat(_) | syn::Expr::Array(_) => Some(Built::Array),
        syn::Expr::Struct(_) | syn::Expr::Call(_) | syn::Expr::MethodCall(_) => Some(Built::Other),
        syn::Expr::Tuple(t) if !t.elems.is_empty() => Some(Built::Other),
        syn::Expr::Block(syn::ExprBlock { block, .. })
        | syn::Expr::Unsafe(syn::ExprUnsafe { block, .. }) => match block.stmts.last() {
            Some(syn::Stmt::Expr(tail, None)) => built(at, tail),
            _ => None,
        },
        syn::Expr::Path(p) if p.qself.is_none() => {
            let names = path_names(&p.path);
            if names.len() == 1 && at.env.local(&names[0]).is_some() {
                return None;
            }
            // A constant or static is copied into a temporary.
            match at.env.model().resolve(&at.env.cx.module, &names, Ns::Value) {
                Some(Res::Item(id)) => matches!(
                    at.env.model().item(id).kind,
                    ItemKind::Const { .. } | ItemKind::Static { .. }
                )
                .then_some(Built::Other),
                Some(Res::Assoc(..)) => Some(Built::Other),
                _ => None,
            }
        }
        _ => None,
    }
}

impl Temporaries<'_, '_> {
    /// Reports `call` if its argument is large and built on the stack.
    fn check(&mut self, at: &At, expr: &syn::Expr, call: &WrapperCall) -> bool {
        let Some(how) = built(at, call.arg) else {
            return false;
        };
        let expected = call
            .turbofish
            .clone()
            .or_else(|| self.expected.get(&at.span(expr)).cloned());
        let Some(ty) = at.env.infer_expecting(call.arg, expected.as_ref()) else {
            return false;
        };
        let model = at.env.model();
        let Some(layout) = model.layout_of(&ty) else {
            return false;
        };
        if layout.size < self.cx.config.array_size_threshold {
            return false;
        }
        let arg_span = at.span(call.arg);
        let call_span = at.span(expr);
        let (bytes, at_least) = if layout.exact {
            (format!("{} bytes", layout.size), "")
        } else {
            (format!("at least {} bytes", layout.size), "at least ")
        };
        let size = human_bytes(layout.size);
        let name = &call.name;
        let (message, label) = match call.kind {
            Wrapper::Heap => (
                format!("`{name}` builds {bytes} on the stack before moving them to the heap"),
                format!("{at_least}{size} built on the stack first"),
            ),
            Wrapper::InPlace => (
                format!("`{name}` takes {bytes} by value, built on the stack"),
                format!("{at_least}{size} built on the stack"),
            ),
        };
        let mut diag = Diagnostic::lint(&BOXED_STACK_TEMPORARY, message, arg_span, label)
            .superseding(&LARGE_STACK_ARRAY, arg_span);
        let vec_of = |body: &str| format!("vec!{body}");
        let array_text = |span| self.cx.snippet(span).trim().to_string();
        diag = match (call.kind, &how) {
            (Wrapper::Heap, Built::Array) => {
                let elements = vec_of(&array_text(arg_span));
                let replacement = if call.key == "Box" {
                    format!("{elements}.into_boxed_slice()")
                } else {
                    format!("{}::from({elements})", call.key)
                };
                let diag = diag.with_suggestion(
                    "build it on the heap directly",
                    call_span,
                    replacement,
                    Applicability::MaybeIncorrect,
                );
                if call.key == "Box" {
                    diag.with_note(
                        "for a `Box<[T; N]>`, convert the boxed slice with `.try_into().unwrap()`",
                    )
                } else {
                    diag
                }
            }
            (Wrapper::Heap, Built::Other) => {
                let t = model.ty_name(&ty);
                diag.with_help(format!(
                    "allocate first and fill in place: `{key}::<{t}>::new_uninit()`, or \
                     `{key}::<{t}>::new_zeroed()` when all-zero bytes are a valid `{t}`",
                    key = call.key
                ))
            }
            (Wrapper::InPlace, Built::Array) => diag.with_suggestion(
                "keep the elements on the heap",
                arg_span,
                format!("{}.into_boxed_slice()", vec_of(&array_text(arg_span))),
                Applicability::MaybeIncorrect,
            ),
            (Wrapper::InPlace, Built::Other) => diag.with_help(format!(
                "keep the data on the heap: a `{}` of a `Box`, or the whole `{}` in a `Box` \
                 allocated in place",
                call.key, call.key
            )),
        };
        self.out.push(diag);
        true
    }
}
