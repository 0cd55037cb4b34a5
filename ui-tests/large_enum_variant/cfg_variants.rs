// Variants under `#[cfg]`: `test` is off in the build memlint sizes, `unix` is on (x86_64
// Linux); a feature of a file linted without a manifest is unknown, so no verdict.

enum TestOnly {
    A(u8),
    #[cfg(test)]
    B([u8; 4096]),
}

enum UnixOnly {
    A(u8),
    #[cfg(unix)]
    B([u8; 4096]),
}

enum FeatureGated {
    A(u8),
    #[cfg(feature = "big")]
    B([u8; 4096]),
}

fn main() {}
