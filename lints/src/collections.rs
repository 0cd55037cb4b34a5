//! Hash maps and sets keyed by names, paths and spans from the source, with rustc's fast
//! hasher instead of SipHash: hashing was 4% of a run.
//!
//! FxHash is not resistant to chosen keys. A source file crafted to collide could slow memlint
//! down, never change what it reports; rustc accepts the same trade on the same input.

pub type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub type HashSet<K> = rustc_hash::FxHashSet<K>;
