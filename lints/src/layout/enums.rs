//! Enum layouts, as rustc computes them: a tag in front of the largest variant, or no tag at
//! all when the other variants can be encoded in invalid values (a niche) of the largest
//! variant and fit around it. rustc computes both and keeps the smaller one (on a tie, the
//! one with the larger niche left, else the tagged one).

use super::univariant::{Kind, univariant};
use super::{Niche, Niches, Shape, round_up};
use crate::model::Repr;

/// An enum to lay out: each variant's fields, and each variant's discriminant value
/// (`None` when it cannot be evaluated).
pub(crate) struct EnumInput<'a> {
    pub variants: &'a [Vec<Shape>],
    pub discriminants: &'a [Option<i128>],
    /// Some variant has an explicit `= value`: rustc then never uses a niche.
    pub explicit_discriminant: bool,
    pub repr: &'a Repr,
}

pub(crate) fn enum_shape(input: &EnumInput) -> Shape {
    let EnumInput { variants, repr, .. } = *input;
    let all_fields = || variants.iter().flatten();
    if all_fields().any(|f| !f.exact || f.niche == Niches::Unknown)
        || input.discriminants.iter().any(Option::is_none)
    {
        return lower_bound(input);
    }
    let inhibit = repr.c || repr.int.is_some();
    // A variant that cannot exist and takes no space needs no encoding at all.
    let absent = |v: &[Shape]| {
        v.iter().any(|f| f.uninhabited) && v.iter().all(|f| f.size == 0 && f.align == 1)
    };
    let present: Vec<usize> = (0..variants.len())
        .filter(|&i| repr.c || !absent(&variants[i]))
        .collect();
    match present.as_slice() {
        [] => {
            return Shape {
                uninhabited: true,
                ..Shape::plain(0, 1)
            };
        }
        [only] if !inhibit => {
            return univariant(&variants[*only], repr, Kind::AlwaysSized).shape;
        }
        _ => {}
    }
    let tagged = tagged(input);
    let niche_filled = if inhibit || input.explicit_discriminant {
        None
    } else {
        niche_filled(variants, repr, &absent)
    };
    let available = |s: &Shape| match s.niche {
        Niches::At(n) => n.available,
        _ => 0,
    };
    match niche_filled {
        Some(n) if tagged.size > n.size => n,
        Some(n) if tagged.size == n.size && available(&tagged) < available(&n) => n,
        _ => tagged,
    }
}

/// The enum must hold each variant's fields, and its size is a multiple of its alignment.
fn lower_bound(input: &EnumInput) -> Shape {
    let mut size = 0;
    let mut align = input.repr.align.unwrap_or(1);
    for v in input.variants {
        let placed = univariant(v, input.repr, Kind::AlwaysSized).shape;
        size = size.max(placed.size);
        align = align.max(placed.align);
    }
    if input.variants.len() > 1 && input.variants.iter().all(Vec::is_empty) {
        size = size.max(1);
    }
    Shape {
        size: round_up(size, align),
        align,
        exact: false,
        niche: Niches::Unknown,
        uninhabited: false,
    }
}

/// rustc's niche-filling layout: the largest variant (the last one, among equals) keeps its
/// fields where they are; the other variants' discriminants take invalid values of its
/// largest niche, and their fields must fit before or after that niche.
fn niche_filled(
    variants: &[Vec<Shape>],
    repr: &Repr,
    absent: &dyn Fn(&[Shape]) -> bool,
) -> Option<Shape> {
    if variants.len() < 2 {
        return None;
    }
    let placed: Vec<Shape> = variants
        .iter()
        .map(|v| univariant(v, repr, Kind::AlwaysSized).shape)
        .collect();
    let align = placed.iter().map(|p| p.align).max().unwrap_or(1);
    // `max_by_key` keeps the last of equal maxima, as rustc's does.
    let largest = placed
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.size)
        .map(|(i, _)| i)?;
    let needs_tag = |i: usize| i != largest && !absent(&variants[i]);
    let first = (0..variants.len()).find(|&i| needs_tag(i))?;
    let last = (0..variants.len()).rev().find(|&i| needs_tag(i))?;
    let count = (last - first + 1) as u128;
    let Niches::At(niche) = placed[largest].niche else {
        return None;
    };
    if count > niche.available {
        return None;
    }
    let size = round_up(placed[largest].size, align);
    let fits = placed.iter().enumerate().all(|(i, p)| {
        if i == largest || p.size <= niche.offset {
            return true;
        }
        let after = round_up(niche.offset.saturating_add(niche.size), p.align);
        after.saturating_add(p.size) <= size
    });
    if !fits {
        return None;
    }
    let left = niche.available - count;
    Some(Shape {
        size,
        align,
        exact: true,
        niche: if left > 0 {
            Niches::At(Niche {
                available: left,
                ..niche
            })
        } else {
            Niches::None
        },
        uninhabited: false,
    })
}

/// rustc's tagged layout: the smallest integer holding every discriminant, widened to the
/// alignment of the variants' first fields when that is free, then each variant after it.
fn tagged(input: &EnumInput) -> Shape {
    let repr = input.repr;
    let mut min = i128::MAX;
    let mut max = i128::MIN;
    for (v, d) in input.variants.iter().zip(input.discriminants) {
        if !repr.c && v.iter().any(|f| f.uninhabited) {
            continue;
        }
        let d = d.unwrap_or(0);
        min = min.min(d);
        max = max.max(d);
    }
    if min > max {
        (min, max) = (0, 0);
    }
    let min_tag = match repr.int.and_then(|p| p.size()) {
        Some(size) => size,
        None => {
            // repr(C) enums are at least a C `int`.
            let at_least = if repr.c { 4 } else { 1 };
            let fit = if min >= 0 {
                fit_unsigned(max as u128)
            } else {
                fit_signed(min).max(fit_signed(max))
            };
            fit.max(at_least)
        }
    };
    let mut prefix_align = min_tag;
    if repr.c {
        for f in input.variants.iter().flatten() {
            prefix_align = prefix_align.max(f.align);
        }
    }
    let mut size = 0;
    let mut align = 1;
    let mut start_align = 256;
    for v in input.variants {
        let placed = univariant(
            v,
            repr,
            Kind::Prefixed {
                size: min_tag,
                align: prefix_align,
            },
        );
        if let Some(a) = placed.first_align {
            start_align = start_align.min(a);
        }
        size = size.max(placed.shape.size);
        align = align.max(placed.shape.align);
    }
    let size = round_up(size, align);
    // The tag grows to the first fields' alignment when that costs nothing: an integer
    // of exactly that size and alignment (up to 16 bytes) replaces it.
    let tag = if repr.c || repr.int.is_some() || start_align > 16 {
        min_tag
    } else {
        start_align.max(min_tag)
    };
    // (Discriminants that do not fit the tag are a compile error; they leave no niche.)
    let valid = max.abs_diff(min).saturating_add(1);
    let available = if tag >= 16 {
        (u128::MAX - valid).saturating_add(1)
    } else {
        (1u128 << (tag * 8)).saturating_sub(valid)
    };
    Shape {
        size,
        align,
        exact: true,
        niche: if available > 0 {
            Niches::At(Niche {
                offset: 0,
                size: tag,
                available,
            })
        } else {
            Niches::None
        },
        uninhabited: false,
    }
}

fn fit_unsigned(v: u128) -> u64 {
    match v {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xffff_ffff => 4,
        0x1_0000_0000..=0xffff_ffff_ffff_ffff => 8,
        _ => 16,
    }
}

fn fit_signed(v: i128) -> u64 {
    match v {
        -0x80..=0x7f => 1,
        -0x8000..=0x7fff => 2,
        -0x8000_0000..=0x7fff_ffff => 4,
        -0x8000_0000_0000_0000..=0x7fff_ffff_ffff_ffff => 8,
        _ => 16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prim(size: u64) -> Shape {
        Shape::plain(size, size)
    }

    fn pointer() -> Shape {
        Shape::with_niche(
            8,
            8,
            Niche {
                offset: 0,
                size: 8,
                available: 1,
            },
        )
    }

    fn vec() -> Shape {
        Shape::with_niche(
            24,
            8,
            Niche {
                offset: 0,
                size: 8,
                available: 1 << 63,
            },
        )
    }

    fn layout(variants: &[Vec<Shape>]) -> (u64, u64) {
        let discriminants: Vec<Option<i128>> = (0..variants.len() as i128).map(Some).collect();
        let s = enum_shape(&EnumInput {
            variants,
            discriminants: &discriminants,
            explicit_discriminant: false,
            repr: &Repr::default(),
        });
        assert!(s.exact);
        (s.size, s.align)
    }

    #[test]
    fn tags_and_niches() {
        // Facts from the ground truth's std-sizes.tsv.
        assert_eq!(layout(&[vec![], vec![prim(4)]]), (8, 4)); // Option<u32>
        assert_eq!(layout(&[vec![], vec![prim(8)]]), (16, 8)); // Option<u64>
        assert_eq!(layout(&[vec![], vec![pointer()]]), (8, 8)); // Option<Box<T>>
        assert_eq!(layout(&[vec![pointer()], vec![], vec![]]), (16, 8)); // BoxOrTwoUnits
        assert_eq!(layout(&[vec![vec()], vec![], vec![], vec![]]), (24, 8)); // VecOrTwoUnits
        assert_eq!(layout(&[vec![vec()], vec![prim(8)]]), (24, 8)); // StringOrU64
        assert_eq!(layout(&[vec![prim(4)], vec![prim(1)]]), (8, 4)); // TwoSmall
        let large = layout(&[
            vec![prim(1)],
            vec![prim(8), prim(8)],
            vec![Shape::plain(8192, 1)],
        ]);
        assert_eq!(large, (8200, 8)); // LargeVariant
    }

    #[test]
    fn impossible_discriminants_do_not_panic() {
        let unit = vec![vec![]; 2];
        let repr = Repr {
            int: Some(crate::model::ty::Prim::U8),
            ..Repr::default()
        };
        for discriminants in [[Some(0), Some(1000)], [Some(i128::MIN), Some(i128::MAX)]] {
            let s = enum_shape(&EnumInput {
                variants: &unit,
                discriminants: &discriminants,
                explicit_discriminant: true,
                repr: &repr,
            });
            assert_eq!(s.size, 1);
        }
    }

    #[test]
    fn explicit_tags() {
        let unit = vec![vec![]; 3];
        let discriminants = [Some(0), Some(1000), Some(1001)];
        let s = enum_shape(&EnumInput {
            variants: &unit,
            discriminants: &discriminants,
            explicit_discriminant: true,
            repr: &Repr::default(),
        });
        assert_eq!((s.size, s.align), (2, 2));
        let negative = [Some(-1), Some(0), Some(1)];
        let s = enum_shape(&EnumInput {
            variants: &unit,
            discriminants: &negative,
            explicit_discriminant: true,
            repr: &Repr::default(),
        });
        assert_eq!(s.size, 1);
    }
}
