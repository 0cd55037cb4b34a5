// Large structs built, copied and passed by value: each copy is a slot of its own in a
// debug build (the struct literal's array field first, then the struct, then the copy
// passed to a call).

#[derive(Clone, Copy)]
struct Matrix {
    cells: [[f64; 64]; 64],
    scale: f64,
}

fn det(m: Matrix) -> f64 {
    m.cells[0][0] * m.scale
}

fn build(scale: f64) -> f64 {
    let m = Matrix { cells: [[scale; 64]; 64], scale };
    let n = m;
    let o = Matrix { scale: 2.0, ..n };
    det(m) + det(n) + det(o)
}

fn main() {
    build(1.0);
}
