// Constants found through glob imports, including globs that import each other.

mod limits {
    pub use super::more::*;
    pub const PAGE: usize = 4096;
}

mod more {
    pub use super::limits::*;
    pub const PAGES: usize = 16;
}

mod user {
    use super::limits::*;

    pub fn run() -> u8 {
        let buf = [0u8; PAGE * PAGES];
        let unknown = [0u8; NOT_DEFINED_ANYWHERE];
        buf[0] + unknown[0]
    }
}

fn main() {
    user::run();
}
