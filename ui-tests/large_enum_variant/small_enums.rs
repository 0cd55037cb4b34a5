// Nothing to report: variants of similar sizes, fieldless enums, one-variant enums.

enum Shape {
    Circle { r: f64 },
    Rect { w: f64, h: f64 },
    Polygon(Vec<(f64, f64)>),
}

enum Direction {
    North,
    East,
    South,
    West,
}

enum Single {
    Only([u8; 4096]),
}

enum Balanced {
    A([u8; 4096]),
    B([u8; 4000]),
}

fn main() {}
