//! Constant expressions and their evaluation: array lengths and `const` items such as
//! `1 << 20`, `4 * KIB`, `FRAME / 2`, `u16::MAX as usize`, `size_of::<T>()`.

use super::ty::{Prim, Ty};
use super::{AssocItem, CrateModel, ItemId, ItemKind};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConstExpr {
    Int(i128),
    /// A `const` item of the crate.
    Item(ItemId),
    /// `Type::NAME` for an associated const of a crate type.
    Assoc(ItemId, String),
    /// `u16::MAX`, `usize::BITS`...
    PrimConst(Prim, PrimConst),
    Unary(UnOp, Box<ConstExpr>),
    Binary(BinOp, Box<ConstExpr>, Box<ConstExpr>),
    Cast(Box<ConstExpr>, Ty),
    SizeOf(Ty),
    AlignOf(Ty),
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrimConst {
    Max,
    Min,
    Bits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    BitAnd,
    BitOr,
    BitXor,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

/// Constants that refer to constants deeper than this are given up on (and cycles end here).
const MAX_DEPTH: usize = 64;

impl CrateModel {
    /// The value of a constant expression, if memlint can work it out.
    pub fn eval(&self, expr: &ConstExpr) -> Option<i128> {
        self.eval_at(expr, 0)
    }

    /// The value of a `const` item, converted to its declared integer type.
    pub fn const_value(&self, id: ItemId) -> Option<i128> {
        self.const_value_at(id, 0)
    }

    fn const_value_at(&self, id: ItemId, depth: usize) -> Option<i128> {
        if let Some(known) = self.const_values.borrow().get(&id) {
            return *known;
        }
        // Seed the memo so that a cycle (`const A: usize = B; const B: usize = A;`) ends.
        self.const_values.borrow_mut().insert(id, None);
        let value = match &self.item(id).kind {
            ItemKind::Const { ty, value } => {
                self.eval_at(value, depth + 1).and_then(|v| convert(v, ty))
            }
            _ => None,
        };
        self.const_values.borrow_mut().insert(id, value);
        value
    }

    fn eval_at(&self, expr: &ConstExpr, depth: usize) -> Option<i128> {
        if depth > MAX_DEPTH {
            return None;
        }
        let d = depth + 1;
        match expr {
            ConstExpr::Int(v) => Some(*v),
            ConstExpr::Item(id) => self.const_value_at(*id, d),
            ConstExpr::Assoc(owner, name) => match self.assoc(*owner, name)? {
                AssocItem::Const { ty, value } => convert(self.eval_at(value, d)?, ty),
                AssocItem::Fn(_) => None,
            },
            ConstExpr::PrimConst(prim, which) => prim_const(*prim, *which),
            ConstExpr::Unary(op, e) => {
                let v = self.eval_at(e, d)?;
                match op {
                    UnOp::Neg => v.checked_neg(),
                    UnOp::Not => Some(!v),
                }
            }
            ConstExpr::Binary(op, a, b) => binary(*op, self.eval_at(a, d)?, self.eval_at(b, d)?),
            ConstExpr::Cast(e, ty) => convert(self.eval_at(e, d)?, ty),
            ConstExpr::SizeOf(ty) => self
                .layout_of(ty)
                .filter(|l| l.exact)
                .map(|l| l.size as i128),
            ConstExpr::AlignOf(ty) => self
                .layout_of(ty)
                .filter(|l| l.exact)
                .map(|l| l.align as i128),
            ConstExpr::Unknown => None,
        }
    }
}

fn binary(op: BinOp, a: i128, b: i128) -> Option<i128> {
    Some(match op {
        BinOp::Add => a.checked_add(b)?,
        BinOp::Sub => a.checked_sub(b)?,
        BinOp::Mul => a.checked_mul(b)?,
        BinOp::Div => a.checked_div(b)?,
        BinOp::Rem => a.checked_rem(b)?,
        BinOp::Shl => a.checked_shl(u32::try_from(b).ok()?)?,
        BinOp::Shr => a.checked_shr(u32::try_from(b).ok()?)?,
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::Pow => a.checked_pow(u32::try_from(b).ok()?)?,
        BinOp::Eq => i128::from(a == b),
        BinOp::Ne => i128::from(a != b),
        BinOp::Lt => i128::from(a < b),
        BinOp::Le => i128::from(a <= b),
        BinOp::Gt => i128::from(a > b),
        BinOp::Ge => i128::from(a >= b),
        BinOp::And => i128::from(a != 0 && b != 0),
        BinOp::Or => i128::from(a != 0 || b != 0),
    })
}

fn prim_const(prim: Prim, which: PrimConst) -> Option<i128> {
    let (bits, signed) = prim.int_bits()?;
    Some(match (which, signed) {
        (PrimConst::Bits, _) => i128::from(bits),
        (PrimConst::Max, false) if bits == 128 => return None,
        (PrimConst::Max, false) => (1i128 << bits) - 1,
        (PrimConst::Max, true) => i128::MAX >> (128 - bits),
        (PrimConst::Min, false) => 0,
        (PrimConst::Min, true) => i128::MIN >> (128 - bits),
    })
}

/// `value as ty` for integer types: wraps to the type's width like `as` does.
/// Non-integer targets leave the value alone.
fn convert(value: i128, ty: &Ty) -> Option<i128> {
    let Ty::Prim(prim) = ty else {
        return Some(value);
    };
    let Some((bits, signed)) = prim.int_bits() else {
        return match prim {
            Prim::Bool => Some(i128::from(value != 0)),
            _ => Some(value),
        };
    };
    if bits == 128 {
        return (signed || value >= 0).then_some(value);
    }
    let mask = (1i128 << bits) - 1;
    let low = value & mask;
    Some(if signed && low >> (bits - 1) == 1 {
        low - (1i128 << bits)
    } else {
        low
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_wrap_like_as() {
        assert_eq!(convert(300, &Ty::Prim(Prim::U8)), Some(44));
        assert_eq!(convert(-1, &Ty::Prim(Prim::U16)), Some(65535));
        assert_eq!(convert(255, &Ty::Prim(Prim::I8)), Some(-1));
        assert_eq!(convert(1 << 20, &Ty::Prim(Prim::Usize)), Some(1 << 20));
    }

    #[test]
    fn primitive_limits() {
        assert_eq!(prim_const(Prim::U16, PrimConst::Max), Some(65535));
        assert_eq!(prim_const(Prim::I8, PrimConst::Min), Some(-128));
        assert_eq!(
            prim_const(Prim::I32, PrimConst::Max),
            Some(i32::MAX as i128)
        );
        assert_eq!(prim_const(Prim::Usize, PrimConst::Bits), Some(64));
    }

    #[test]
    fn arithmetic_overflow_is_unknown() {
        assert_eq!(binary(BinOp::Shl, 1, 20), Some(1 << 20));
        assert_eq!(binary(BinOp::Div, 1, 0), None);
        assert_eq!(binary(BinOp::Shl, 1, 200), None);
    }
}
