//! Types written back as Rust source, the way rustc names them in its own output: the
//! crate's items by their path from the crate root, std types by their short name.

use super::ty::{GenericArg, Len, Ty};
use super::{CrateModel, GenericParam, ItemId, is_block_scope};

impl CrateModel {
    /// `ty` as source text: `ast::Span`, `Vec<u8>`, `[u8; 4096]`, `&str`.
    pub fn ty_to_string(&self, ty: &Ty) -> String {
        let mut out = String::new();
        self.write_ty(ty, &mut out, true);
        out
    }

    /// `ty` as a user writes it where the type is imported: the crate's items by their
    /// name alone (`Span`, `Vec<Span>`).
    pub fn ty_name(&self, ty: &Ty) -> String {
        let mut out = String::new();
        self.write_ty(ty, &mut out, false);
        out
    }

    /// The path of an item from the crate root: `ast::parse::Parser`.
    pub fn item_path(&self, id: ItemId) -> String {
        let item = self.item(id);
        let mut path: Vec<&str> = item
            .module
            .iter()
            .filter(|s| !is_block_scope(s))
            .map(String::as_str)
            .collect();
        path.push(&item.name);
        path.join("::")
    }

    /// The generic parameters of an item as it is declared: `<T, N>`, or nothing.
    pub fn params_to_string(&self, params: &[GenericParam]) -> String {
        if params.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = params
            .iter()
            .map(|p| match p {
                GenericParam::Type(n) | GenericParam::Const(n) => n.as_str(),
            })
            .collect();
        format!("<{}>", names.join(", "))
    }

    fn write_ty(&self, ty: &Ty, out: &mut String, paths: bool) {
        match ty {
            Ty::Prim(p) => out.push_str(p.name()),
            Ty::Tuple(elems) => {
                out.push('(');
                for (i, e) in elems.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write_ty(e, out, paths);
                }
                if elems.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Ty::Never => out.push('!'),
            Ty::Array(elem, len) => {
                out.push('[');
                self.write_ty(elem, out, paths);
                out.push_str("; ");
                out.push_str(&self.len_to_string(len));
                out.push(']');
            }
            Ty::Slice(elem) => {
                out.push('[');
                self.write_ty(elem, out, paths);
                out.push(']');
            }
            Ty::Ptr(inner) => {
                out.push('&');
                self.write_ty(inner, out, paths);
            }
            Ty::RawPtr(inner) => {
                out.push_str("*const ");
                self.write_ty(inner, out, paths);
            }
            Ty::FnPtr => out.push_str("fn()"),
            Ty::Dyn => out.push_str("dyn _"),
            Ty::Adt(id, args) => {
                if paths {
                    out.push_str(&self.item_path(*id));
                } else {
                    out.push_str(&self.item(*id).name);
                }
                self.write_args(args, out, paths);
            }
            Ty::Param(name) => out.push_str(name),
            Ty::Projection(base, name) => {
                self.write_ty(base, out, paths);
                out.push_str("::");
                out.push_str(name);
            }
            Ty::Std(name, args) => {
                out.push_str(name);
                self.write_args(args, out, paths);
            }
            Ty::InferInt => out.push_str("{integer}"),
            Ty::InferFloat => out.push_str("{float}"),
            Ty::Unknown(written) if written.is_empty() => out.push('_'),
            Ty::Unknown(written) => out.push_str(written),
        }
    }

    fn write_args(&self, args: &[GenericArg], out: &mut String, paths: bool) {
        if args.is_empty() {
            return;
        }
        out.push('<');
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match a {
                GenericArg::Type(t) => self.write_ty(t, out, paths),
                GenericArg::Const(len) => out.push_str(&self.len_to_string(len)),
            }
        }
        out.push('>');
    }

    fn len_to_string(&self, len: &Len) -> String {
        match self.array_len(len) {
            Some(n) => n.to_string(),
            None => match len {
                Len::Param(name) => name.clone(),
                _ => "_".to_string(),
            },
        }
    }
}
