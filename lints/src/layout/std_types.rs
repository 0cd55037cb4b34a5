//! Layouts of std, core and alloc types.
//!
//! Sizes come from `lints/data/std-sizes.tsv`, a copy of the ground truth measured with
//! `size_of`/`align_of` on x86_64 (see `../shared/groundtruth/std-sizes.sh`). Generic
//! wrappers whose layout follows from their arguments (`Option`, `Result`, `Cell`, `Mutex`,
//! `Cow`...) are built from their definitions in std instead, field by field.
//!
//! Niches (invalid values an enclosing enum can use) are not in the table; they come from
//! std's definitions and were checked by measuring `Option`s and enums around each type
//! with rustc 1.95: `Vec`'s capacity is at most `isize::MAX`, `Duration`'s nanoseconds are
//! below 10^9, a `File` is never fd -1, and so on.

use super::univariant::{Kind, univariant};
use super::{Niche, Niches, Shape, Sizedness};
use crate::model::CrateModel;
use crate::model::Repr;
use crate::model::ty::{GenericArg, Prim, Ty, std_key};
use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) const TABLE: &str = include_str!("../../data/std-sizes.tsv");

/// Generic std types whose layout does not depend on their arguments, with how many type
/// arguments they take when the allocator (or hasher) is the default one.
const ANY_ARGS: &[(&str, usize)] = &[
    ("HashMap", 2),
    ("HashSet", 1),
    ("Vec", 1),
    ("VecDeque", 1),
    ("LinkedList", 1),
    ("BinaryHeap", 1),
    ("BTreeMap", 2),
    ("BTreeSet", 1),
    ("vec::IntoIter", 1),
    ("slice::Iter", 1),
    ("Sender", 1),
    ("Receiver", 1),
    ("SyncSender", 1),
    ("JoinHandle", 1),
];

/// The sizes of the table, by [`std_key`]: types without type arguments, and the
/// [`ANY_ARGS`] families.
pub(crate) struct StdTable {
    sizes: HashMap<String, (u64, u64)>,
}

fn table() -> &'static StdTable {
    static PARSED: OnceLock<StdTable> = OnceLock::new();
    PARSED.get_or_init(|| parse_table(TABLE).0)
}

/// One row of the table: the type as written, its size and alignment.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (&str, u64, u64)> {
    text.lines().skip(1).filter_map(|line| {
        let mut cols = line.split('\t');
        let ty = cols.next()?;
        let size = cols.next()?.parse().ok()?;
        let align = cols.next()?.parse().ok()?;
        Some((ty, size, align))
    })
}

/// The table, and the [`ANY_ARGS`] families it gives different sizes for (a mistake in
/// that list: they are left out).
pub(crate) fn parse_table(text: &str) -> (StdTable, Vec<String>) {
    let mut sizes: HashMap<String, (u64, u64)> = HashMap::new();
    let mut conflicts = Vec::new();
    for (written, size, align) in rows(text) {
        let Ok(syn::Type::Path(path)) = syn::parse_str::<syn::Type>(written) else {
            continue;
        };
        let names: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let key = std_key(&names);
        let has_type_args = path.path.segments.iter().any(|s| match &s.arguments {
            syn::PathArguments::AngleBracketed(a) => a
                .args
                .iter()
                .any(|a| !matches!(a, syn::GenericArgument::Lifetime(_))),
            _ => false,
        });
        if has_type_args && !ANY_ARGS.iter().any(|(k, _)| *k == key) {
            continue;
        }
        match sizes.get(&key) {
            Some(&known) if known != (size, align) => conflicts.push(key),
            _ => {
                sizes.insert(key, (size, align));
            }
        }
    }
    for key in &conflicts {
        sizes.remove(key);
    }
    (StdTable { sizes }, conflicts)
}

/// What std's definitions say about the niche of a table type. `Unknown` for the types
/// whose internals were not worked out: an enum around them is then a lower bound.
fn table_niche(key: &str) -> Niches {
    const POINTER: Niches = Niches::At(Niche {
        offset: 0,
        size: 8,
        available: 1,
    });
    match key {
        // `Vec`'s capacity: at most isize::MAX.
        "Vec" | "String" | "PathBuf" | "OsString" | "VecDeque" | "BinaryHeap" | "FromUtf8Error" => {
            Niches::At(Niche {
                offset: 0,
                size: 8,
                available: 1 << 63,
            })
        }
        "CString" | "vec::IntoIter" | "slice::Iter" | "Chars" | "JoinHandle" | "Thread"
        | "Arguments" | "io::Error" | "Stdout" | "Stdin" | "HashMap" | "HashSet" => POINTER,
        // An owned file descriptor is never -1.
        "File" | "TcpStream" | "TcpListener" | "UdpSocket" | "OwnedFd" => Niches::At(Niche {
            offset: 0,
            size: 4,
            available: 1,
        }),
        // Nanoseconds below 10^9, after the seconds.
        "Duration" | "Instant" | "SystemTime" => Niches::At(Niche {
            offset: 8,
            size: 4,
            available: (1 << 32) - 1_000_000_000,
        }),
        // An enum of three channel flavours, its tag widened to 8 bytes.
        "Sender" | "Receiver" | "SyncSender" => Niches::At(Niche {
            offset: 0,
            size: 8,
            available: u64::MAX as u128 - 2,
        }),
        // `error_len: Option<u8>` after `valid_up_to: usize`.
        "Utf8Error" => byte_niche(8, 254),
        "ParseIntError" => byte_niche(0, 256 - 6),
        "ParseFloatError" => byte_niche(0, 256 - 2),
        "io::ErrorKind" => byte_niche(0, 256 - 42),
        // `Less = -1, Equal = 0, Greater = 1`
        "Ordering" => byte_niche(0, 256 - 3),
        "IpAddr" => byte_niche(0, 256 - 2),
        "SocketAddr" => Niches::At(Niche {
            offset: 0,
            size: 2,
            available: (1 << 16) - 2,
        }),
        "BTreeMap" | "BTreeSet" | "LinkedList" | "TypeId" | "fmt::Error" | "ExitStatus"
        | "Once" | "Condvar" | "AtomicBool" | "AtomicUsize" | "AtomicU64" | "Ipv4Addr"
        | "Ipv6Addr" | "SocketAddrV4" | "SocketAddrV6" => Niches::None,
        _ => Niches::Unknown,
    }
}

fn byte_niche(offset: u64, available: u128) -> Niches {
    Niches::At(Niche {
        offset,
        size: 1,
        available,
    })
}

fn pointer_niche() -> Niches {
    Niches::At(Niche {
        offset: 0,
        size: 8,
        available: 1,
    })
}

fn hidden(shape: Shape) -> Shape {
    Shape {
        niche: Niches::None,
        ..shape
    }
}

fn struct_of(fields: &[Shape], kind: Kind) -> Shape {
    univariant(fields, &Repr::default(), kind).shape
}

impl CrateModel {
    /// The shape of the std type `key` with `args`, or `None` when memlint does not know it.
    pub(super) fn std_shape(&self, key: &str, args: &[GenericArg], depth: usize) -> Option<Shape> {
        let ty_arg = |i: usize| Ty::type_arg(args, i);
        let n_types = args
            .iter()
            .filter(|a| matches!(a, GenericArg::Type(_)))
            .count();
        // The shape of a type argument; a missing or unknown one is unknown.
        let arg = |i: usize| -> Shape {
            ty_arg(i)
                .and_then(|t| self.shape_at(t, depth))
                .unwrap_or(Shape::UNKNOWN_PART)
        };
        let table_shape = |key: &str| -> Option<Shape> {
            let &(size, align) = table().sizes.get(key)?;
            Some(Shape {
                niche: table_niche(key),
                ..Shape::plain(size, align)
            })
        };
        let plain = |size: u64, align: u64| Shape::plain(size, align);
        let enum_of = |variants: Vec<Vec<Shape>>| self.plain_enum(variants);
        Some(match key {
            "Box" | "Rc" | "Arc" | "rc::Weak" | "sync::Weak" | "NonNull" if n_types <= 1 => {
                self.pointer_to(ty_arg(0), depth)
            }
            "Pin" | "ManuallyDrop" | "Wrapping" | "Saturating" | "Reverse" | "AssertUnwindSafe" => {
                arg(0)
            }
            // A closure, as memlint types it: the tuple of its captures, and its result.
            "Closure" => arg(0),
            // An `async fn`'s future: its arguments and a state, and whatever its body holds
            // across `.await`s, which the layout engine does not see: a lower bound.
            "Future" => struct_of(&[arg(0), plain(1, 1)], Kind::AlwaysSized).lower_bound(),
            // A reference to the value and one to the borrow flag or lock.
            "Ref" | "RefMut" | "MutexGuard" | "RwLockReadGuard" | "RwLockWriteGuard" => Shape {
                niche: pointer_niche(),
                ..plain(16, 8)
            },
            "Cell" | "UnsafeCell" | "SyncUnsafeCell" | "MaybeUninit" => hidden(arg(0)),
            "PhantomData" | "PhantomPinned" | "Global" | "RangeFull" => plain(0, 1),
            "Infallible" => Shape {
                uninhabited: true,
                ..plain(0, 1)
            },
            "Option" => enum_of(vec![vec![], vec![arg(0)]]),
            "Result" => enum_of(vec![vec![arg(0)], vec![arg(1)]]),
            "io::Result" => {
                let error = self.std_shape("io::Error", &[], depth)?;
                enum_of(vec![vec![arg(0)], vec![error]])
            }
            "fmt::Result" => enum_of(vec![vec![plain(0, 1)], vec![plain(0, 1)]]),
            "Cow" => {
                let borrowed = self.pointer_to(ty_arg(0), depth);
                let owned = match ty_arg(0) {
                    Some(Ty::Prim(Prim::Str)) => table_shape("String")?,
                    Some(Ty::Slice(_)) => table_shape("Vec")?,
                    Some(Ty::Std(k, _)) if k == "Path" => table_shape("PathBuf")?,
                    Some(Ty::Std(k, _)) if k == "OsStr" => table_shape("OsString")?,
                    Some(Ty::Std(k, _)) if k == "CStr" => table_shape("CString")?,
                    Some(t) if self.sizedness(t, depth) == Sizedness::Sized => arg(0),
                    _ => Shape::UNKNOWN_PART,
                };
                enum_of(vec![vec![borrowed], vec![owned]])
            }
            "RefCell" => struct_of(&[plain(8, 8), hidden(arg(0))], Kind::MaybeUnsized),
            "OnceCell" => {
                let option = self.std_shape("Option", args, depth)?;
                hidden(option)
            }
            "OnceLock" => struct_of(&[plain(4, 4), hidden(arg(0))], Kind::AlwaysSized),
            "LazyLock" if n_types == 1 => {
                // `UnsafeCell<union { value: T, init: fn() -> T }>` after a `Once`.
                let value = arg(0);
                let data = Shape {
                    size: super::round_up(value.size.max(8), value.align.max(8)),
                    align: value.align.max(8),
                    exact: value.exact,
                    niche: Niches::None,
                    uninhabited: false,
                };
                struct_of(&[plain(4, 4), data], Kind::AlwaysSized)
            }
            "Mutex" => struct_of(
                &[plain(4, 4), plain(1, 1), hidden(arg(0))],
                Kind::MaybeUnsized,
            ),
            "RwLock" => struct_of(
                &[plain(8, 4), plain(1, 1), hidden(arg(0))],
                Kind::MaybeUnsized,
            ),
            "Range" => struct_of(&[arg(0), arg(0)], Kind::AlwaysSized),
            "RangeInclusive" => struct_of(
                &[arg(0), arg(0), self.shape_at(&Ty::Prim(Prim::Bool), depth)?],
                Kind::AlwaysSized,
            ),
            "RangeFrom" | "RangeTo" | "RangeToInclusive" => struct_of(&[arg(0)], Kind::AlwaysSized),
            "Cursor" => struct_of(&[arg(0), plain(8, 8)], Kind::AlwaysSized),
            "BufReader" => {
                // `Buffer { buf: Box<[MaybeUninit<u8>]>, pos, filled, initialized }`
                let buffer = Shape {
                    niche: pointer_niche(),
                    ..plain(40, 8)
                };
                struct_of(&[buffer, arg(0)], Kind::MaybeUnsized)
            }
            "BufWriter" => {
                let buf = table_shape("Vec")?;
                let panicked = self.shape_at(&Ty::Prim(Prim::Bool), depth)?;
                struct_of(&[buf, panicked, arg(0)], Kind::MaybeUnsized)
            }
            "HashMap" | "HashSet" => {
                let hasher = if key == "HashMap" { 2 } else { 1 };
                if n_types <= hasher {
                    table_shape(key)?
                } else {
                    // hashbrown's `RawTable`: control bytes pointer, bucket mask, growth
                    // left, item count.
                    let raw_table = Shape {
                        niche: pointer_niche(),
                        ..plain(32, 8)
                    };
                    struct_of(&[arg(hasher), raw_table], Kind::AlwaysSized)
                }
            }
            "NonZero" => {
                let size = match ty_arg(0)? {
                    Ty::Prim(p) => p.size()?,
                    _ => return None,
                };
                nonzero(size)
            }
            "c_char" | "c_schar" | "c_uchar" => plain(1, 1),
            "c_short" | "c_ushort" => plain(2, 2),
            "c_int" | "c_uint" | "c_float" => plain(4, 4),
            "c_long" | "c_ulong" | "c_longlong" | "c_ulonglong" | "c_double" => plain(8, 8),
            "AtomicU8" | "AtomicI8" => plain(1, 1),
            "AtomicU16" | "AtomicI16" => plain(2, 2),
            "AtomicU32" | "AtomicI32" => plain(4, 4),
            "AtomicIsize" | "AtomicI64" | "AtomicPtr" => plain(8, 8),
            _ => {
                if let Some(size) = nonzero_name(key) {
                    return Some(nonzero(size));
                }
                if let Some((_, max_args)) = ANY_ARGS.iter().find(|(k, _)| *k == key)
                    && n_types > *max_args
                {
                    // A custom allocator.
                    return None;
                }
                return table_shape(key);
            }
        })
    }

    /// An enum with implicit discriminants and the default representation.
    fn plain_enum(&self, variants: Vec<Vec<Shape>>) -> Shape {
        let discriminants: Vec<Option<i128>> = (0..variants.len() as i128).map(Some).collect();
        super::enums::enum_shape(&super::enums::EnumInput {
            variants: &variants,
            discriminants: &discriminants,
            explicit_discriminant: false,
            repr: &Repr::default(),
        })
    }

    /// `&T`, `Box<T>`, `Rc<T>`...: one pointer, two for unsized `T`; never null.
    pub(super) fn pointer_to(&self, target: Option<&Ty>, depth: usize) -> Shape {
        let sizedness = target.map_or(Sizedness::Unknown, |t| self.sizedness(t, depth));
        let size = if sizedness == Sizedness::Unsized {
            16
        } else {
            8
        };
        Shape {
            exact: sizedness != Sizedness::Unknown,
            niche: pointer_niche(),
            ..Shape::plain(size, 8)
        }
    }
}

fn nonzero(size: u64) -> Shape {
    Shape::with_niche(
        size,
        size,
        Niche {
            offset: 0,
            size,
            available: 1,
        },
    )
}

fn nonzero_name(key: &str) -> Option<u64> {
    let prim = key.strip_prefix("NonZero")?.to_ascii_lowercase();
    Prim::from_name(&prim)?.size()
}
