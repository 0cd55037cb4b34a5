//! Placing the fields of one struct, tuple or enum variant, as rustc's `univariant` does.
//!
//! For `repr(Rust)` rustc sorts the fields before placing them. The sort key groups fields by
//! an "effective alignment" (the alignment, or the largest power of two dividing the size),
//! largest first, and moves the field with the largest niche to the start of its group (or
//! to the end, in a second try that enums use to leave room for other variants around the
//! niche). Enum variants placed after a tag sort the other way round, smallest first, so
//! that small fields pack in next to the tag. The niche position matters: it decides whether
//! an enclosing enum's other variants fit beside it.

use super::{Niche, Niches, Shape, round_up};
use crate::model::Repr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A struct, tuple, or enum variant without a tag in front.
    AlwaysSized,
    /// A struct whose last field may be unsized: that field stays last.
    MaybeUnsized,
    /// An enum variant after a tag of this size and alignment.
    Prefixed { size: u64, align: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bias {
    Start,
    End,
}

/// A placed variant: its shape, and the alignment of its first field in memory that is not
/// a zero-sized, byte-aligned one (a tagged enum widens its tag up to that alignment).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed {
    pub shape: Shape,
    pub first_align: Option<u64>,
}

/// Places `fields` under `repr`. When a field is only known as a lower bound, or its niche is
/// unknown where the niche decides the order, the result is a lower bound.
pub(crate) fn univariant(fields: &[Shape], repr: &Repr, kind: Kind) -> Placed {
    if fields.iter().any(|f| !f.exact) {
        return lower_bound(fields, repr, kind);
    }
    let niches_unknown = fields.iter().any(|f| f.niche == Niches::Unknown);
    if niches_unknown && matches!(kind, Kind::Prefixed { .. }) && reorders(repr, fields) {
        // After a tag, the order (and so the padding) depends on the niches.
        return lower_bound(fields, repr, kind);
    }
    let start = place(fields, repr, kind, Bias::Start);
    let mut placed = start;
    if kind != Kind::MaybeUnsized
        && let Niches::At(niche) = start.shape.niche
    {
        let head = niche.offset;
        let tail = start
            .shape
            .size
            .saturating_sub(head.saturating_add(niche.size));
        if fields.len() > 1 && head != 0 && tail > 0 {
            let alt = place(fields, repr, kind, Bias::End);
            if let Niches::At(alt_niche) = alt.shape.niche
                && alt_niche.offset > head
                && alt_niche.offset > tail
            {
                placed = alt;
            }
        }
    }
    if niches_unknown {
        // The size does not depend on the order here (see `place`), but which niche is the
        // largest, and where, is not known.
        placed.shape.niche = Niches::Unknown;
    }
    placed.shape.uninhabited = fields.iter().any(|f| f.uninhabited);
    placed
}

fn reorders(repr: &Repr, fields: &[Shape]) -> bool {
    !(repr.c || repr.int.is_some()) && fields.len() > 1
}

/// The smallest size consistent with what is known: every field, one after the other after
/// the tag, rounded up to the largest known alignment.
fn lower_bound(fields: &[Shape], repr: &Repr, kind: Kind) -> Placed {
    let cap = |a: u64| repr.packed.map_or(a, |p| a.min(p));
    let mut align = 1;
    let mut offset = 0;
    if let Kind::Prefixed {
        size,
        align: prefix,
    } = kind
    {
        align = cap(prefix);
        offset = round_up(size, align);
    }
    for f in fields {
        align = align.max(cap(f.align));
        offset = offset.saturating_add(f.size);
    }
    if let Some(a) = repr.align {
        align = align.max(a);
    }
    Placed {
        shape: Shape {
            size: round_up(offset, align),
            align,
            exact: false,
            niche: Niches::Unknown,
            uninhabited: fields.iter().any(|f| f.uninhabited),
        },
        first_align: None,
    }
}

fn niche_available(f: &Shape) -> u128 {
    match f.niche {
        Niches::At(n) => n.available,
        _ => 0,
    }
}

/// rustc's `univariant_biased`.
///
/// For `repr(Rust)` without a tag, every field's size is a multiple of 2^key, and fields are
/// placed by decreasing key, so no padding is ever needed between them: the size is the sum
/// of the field sizes rounded up to the alignment, whatever the order.
fn place(fields: &[Shape], repr: &Repr, kind: Kind, bias: Bias) -> Placed {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    let end = if kind == Kind::MaybeUnsized {
        fields.len().saturating_sub(1)
    } else {
        fields.len()
    };
    if reorders(repr, fields) {
        let sorted = &fields[..end];
        let max_field_align = sorted.iter().map(|f| f.align).max().unwrap_or(1);
        let largest_niche = sorted.iter().map(niche_available).max().unwrap_or(0);
        let group = |f: &Shape| -> u64 {
            if let Some(pack) = repr.packed {
                return f.align.min(pack);
            }
            let size_as_align = u64::from(f.align.max(f.size).trailing_zeros());
            if largest_niche == 0 {
                return size_as_align;
            }
            match bias {
                Bias::Start => u64::from(max_field_align.trailing_zeros()).min(size_as_align),
                Bias::End if niche_available(f) == largest_niche => {
                    u64::from(f.align.trailing_zeros())
                }
                Bias::End => size_as_align,
            }
        };
        let keys = &mut order[..end];
        match kind {
            Kind::AlwaysSized | Kind::MaybeUnsized => keys.sort_by_key(|&i| {
                let f = &fields[i];
                let available = niche_available(f);
                let niche_offset = match f.niche {
                    Niches::At(n) => n.offset,
                    _ => 0,
                };
                let (niche_key, offset_key) = match bias {
                    Bias::Start => (!available, niche_offset),
                    Bias::End => (
                        available,
                        match f.niche {
                            Niches::At(n) => !f.size.wrapping_sub(n.offset),
                            _ => 0,
                        },
                    ),
                };
                (std::cmp::Reverse(group(f)), niche_key, offset_key)
            }),
            Kind::Prefixed { .. } => {
                keys.sort_by_key(|&i| (group(&fields[i]), niche_available(&fields[i])))
            }
        }
    }

    let cap = |a: u64| repr.packed.map_or(a, |p| a.min(p));
    let mut align = 1;
    let mut offset = 0u64;
    if let Kind::Prefixed {
        size,
        align: prefix,
    } = kind
    {
        align = cap(prefix);
        offset = round_up(size, align);
    }
    let mut largest: Option<Niche> = None;
    let mut first_align = None;
    for &i in &order {
        let f = &fields[i];
        let field_align = cap(f.align);
        offset = round_up(offset, field_align);
        align = align.max(field_align);
        if first_align.is_none() && !(f.size == 0 && f.align == 1) {
            first_align = Some(f.align);
        }
        if let Niches::At(n) = f.niche {
            let best = largest.map_or(0, |l| l.available);
            let prefer = match bias {
                Bias::Start => n.available > best,
                Bias::End => n.available >= best,
            };
            if prefer {
                largest = Some(Niche {
                    offset: offset.saturating_add(n.offset),
                    ..n
                });
            }
        }
        offset = offset.saturating_add(f.size);
    }
    if let Some(a) = repr.align {
        align = align.max(a);
    }
    Placed {
        shape: Shape {
            size: round_up(offset, align),
            align,
            exact: true,
            niche: largest.map_or(Niches::None, Niches::At),
            uninhabited: false,
        },
        first_align,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prim(size: u64) -> Shape {
        Shape::plain(size, size)
    }

    fn boolean() -> Shape {
        Shape::with_niche(
            1,
            1,
            Niche {
                offset: 0,
                size: 1,
                available: 254,
            },
        )
    }

    #[test]
    fn reordering_removes_padding() {
        // struct { a: u8, b: u32, c: u16, d: u64, e: u8 } is 16, not 24.
        let fields = [prim(1), prim(4), prim(2), prim(8), prim(1)];
        let placed = univariant(&fields, &Repr::default(), Kind::AlwaysSized);
        assert_eq!((placed.shape.size, placed.shape.align), (16, 8));
        let c = Repr {
            c: true,
            ..Repr::default()
        };
        assert_eq!(univariant(&fields, &c, Kind::AlwaysSized).shape.size, 32);
        let packed = Repr {
            c: true,
            packed: Some(1),
            ..Repr::default()
        };
        let p = univariant(&fields, &packed, Kind::AlwaysSized).shape;
        assert_eq!((p.size, p.align), (16, 1));
    }

    #[test]
    fn small_fields_follow_the_tag() {
        // A variant (u16, u32) after a one-byte tag: u16 at 2, u32 at 4.
        let placed = univariant(
            &[prim(4), prim(2)],
            &Repr::default(),
            Kind::Prefixed { size: 1, align: 1 },
        );
        assert_eq!(placed.shape.size, 8);
        assert_eq!(placed.first_align, Some(2));
    }

    #[test]
    fn niche_of_a_small_field_goes_last() {
        let placed = univariant(
            &[prim(8), boolean(), prim(4)],
            &Repr::default(),
            Kind::AlwaysSized,
        );
        let Niches::At(n) = placed.shape.niche else {
            panic!("a bool field has a niche")
        };
        // Sorted u64, u32, bool: the bool is at 12, 3 bytes before the end.
        assert_eq!(placed.shape.size, 16);
        assert_eq!(n.offset, 12);
    }

    #[test]
    fn unknown_fields_give_a_lower_bound() {
        let unknown = Shape::UNKNOWN_PART;
        let placed = univariant(&[prim(8), unknown], &Repr::default(), Kind::AlwaysSized);
        assert!(!placed.shape.exact);
        assert_eq!(placed.shape.size, 8);
    }
}
