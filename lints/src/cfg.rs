//! `#[cfg(..)]` predicates, as far as memlint can decide them without compiling.
//!
//! memlint lints every configuration, but a type's layout exists in one configuration at a
//! time: the build that ships, on x86_64 Linux (the target every size in memlint is for).
//! Predicates about that target are decided; `feature = ".."` is decided when the enabled
//! features are known (from the manifest); `test` is false (a lib build); anything else
//! (`debug_assertions`, which differs between profiles, or a cfg a build script may set)
//! is unknown, and a layout that depends on it is a lower bound.

use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

impl Truth {
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// What is known of the configuration being built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CfgOptions {
    /// The enabled cargo features, when known (`None` for files linted without a manifest).
    pub features: Option<BTreeSet<String>>,
}

impl CfgOptions {
    /// Whether an item, field or variant with these attributes is compiled: every `#[cfg]`
    /// on it must hold.
    pub fn eval_attrs(&self, attrs: &[syn::Attribute]) -> Truth {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .map(|a| match a.parse_args::<syn::Meta>() {
                Ok(meta) => self.eval(&meta, 0),
                Err(_) => Truth::Unknown,
            })
            .fold(Truth::True, Truth::and)
    }

    fn eval(&self, meta: &syn::Meta, depth: usize) -> Truth {
        // Each level re-parses the predicates inside it; real ones nest a few levels.
        const MAX_DEPTH: usize = 32;
        if depth > MAX_DEPTH {
            return Truth::Unknown;
        }
        let name = meta
            .path()
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        match meta {
            syn::Meta::List(list) => {
                let Ok(args) = list.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                ) else {
                    return Truth::Unknown;
                };
                let mut args = args.iter().map(|m| self.eval(m, depth + 1));
                match name.as_str() {
                    "all" => args.fold(Truth::True, Truth::and),
                    "any" => args.fold(Truth::False, Truth::or),
                    "not" if list.tokens.is_empty() => Truth::Unknown,
                    "not" => args.next().map_or(Truth::Unknown, |t| !t),
                    _ => Truth::Unknown,
                }
            }
            syn::Meta::Path(_) => match name.as_str() {
                "unix" => Truth::True,
                "windows" | "test" | "doc" | "doctest" | "miri" => Truth::False,
                _ => Truth::Unknown,
            },
            syn::Meta::NameValue(nv) => {
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) = &nv.value
                else {
                    return Truth::Unknown;
                };
                let value = value.value();
                let is = |want: &str| Truth::from_bool(value == want);
                match name.as_str() {
                    "feature" => match &self.features {
                        Some(features) => Truth::from_bool(features.contains(&value)),
                        None => Truth::Unknown,
                    },
                    "target_os" => is("linux"),
                    "target_family" => is("unix"),
                    "target_arch" => is("x86_64"),
                    "target_pointer_width" => is("64"),
                    "target_endian" => is("little"),
                    "target_env" => is("gnu"),
                    "target_vendor" => is("unknown"),
                    "target_has_atomic" => {
                        Truth::from_bool(matches!(value.as_str(), "8" | "16" | "32" | "64" | "ptr"))
                    }
                    "panic" => is("unwind"),
                    _ => Truth::Unknown,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(options: &CfgOptions, attr: &str) -> Truth {
        let item: syn::ItemStruct = syn::parse_str(&format!("{attr} struct S;")).unwrap();
        options.eval_attrs(&item.attrs)
    }

    #[test]
    fn target_and_features() {
        let known = CfgOptions {
            features: Some(["std".to_string()].into_iter().collect()),
        };
        let unknown = CfgOptions::default();
        assert_eq!(eval(&known, "#[cfg(feature = \"std\")]"), Truth::True);
        assert_eq!(
            eval(&known, "#[cfg(feature = \"raw_value\")]"),
            Truth::False
        );
        assert_eq!(eval(&unknown, "#[cfg(feature = \"std\")]"), Truth::Unknown);
        assert_eq!(eval(&known, "#[cfg(not(feature = \"std\"))]"), Truth::False);
        assert_eq!(
            eval(&known, "#[cfg(all(unix, target_pointer_width = \"64\"))]"),
            Truth::True
        );
        assert_eq!(
            eval(&known, "#[cfg(any(windows, debug_assertions))]"),
            Truth::Unknown
        );
        assert_eq!(
            eval(&known, "#[cfg(any(unix, debug_assertions))]"),
            Truth::True
        );
        assert_eq!(eval(&known, "#[cfg(test)]"), Truth::False);
        assert_eq!(eval(&known, "#[derive(Debug)]"), Truth::True);
    }

    #[test]
    fn deep_predicates_are_unknown_and_quick() {
        // Parsing the attribute recurses once per level; memlint does it on the analysis
        // thread's large stack, and so does this test.
        let run = || {
            let nested = |n: usize| format!("#[cfg({}unix{})]", "all(".repeat(n), ")".repeat(n));
            let options = CfgOptions::default();
            assert_eq!(eval(&options, &nested(30)), Truth::True);
            let start = std::time::Instant::now();
            assert_eq!(eval(&options, &nested(5_000)), Truth::Unknown);
            assert!(start.elapsed() < std::time::Duration::from_secs(10));
        };
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(run)
            .unwrap()
            .join()
            .unwrap();
    }
}
