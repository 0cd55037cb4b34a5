//@ run-fix
// Nested loops of known length multiply. `n * m` is not a plain path: offered for review.
// An inner length that depends on the outer item is not known: not reported.

pub fn grid(n: usize, m: usize) -> Vec<(usize, usize)> {
    let mut cells = Vec::new();
    for i in 0..n {
        for j in 0..m {
            cells.push((i, j));
        }
    }
    cells
}

pub fn rows_and_counter(rows: &[u8], width: usize) -> Vec<u8> {
    let mut pixels = Vec::new();
    for r in rows {
        let mut x = 0;
        while x < width {
            pixels.push(*r);
            x += 1;
        }
    }
    pixels
}

pub fn cube(n: usize) -> Vec<usize> {
    let mut points = Vec::new();
    for a in 0..n {
        for b in 0..n {
            for c in 0..4 {
                points.push(a + b + c);
            }
        }
    }
    points
}

pub fn literal_grid() -> Vec<u32> {
    let mut cells = Vec::new();
    for i in 0..3 {
        for j in 0..4 {
            cells.push(i * j);
        }
    }
    cells
}

pub fn ragged(rows: &Vec<Vec<u8>>) -> Vec<u8> {
    let mut flat = Vec::new();
    for row in rows {
        for x in row {
            flat.push(*x);
        }
    }
    flat
}

pub fn inner_and_outer(n: usize, m: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
        for j in 0..m {
            v.push(j);
        }
    }
    v
}
