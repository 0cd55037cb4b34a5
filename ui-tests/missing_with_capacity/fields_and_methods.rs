//@ run-fix
// Lengths of fields, through `self`, in methods of the crate's types.

pub struct Table {
    rows: Vec<Vec<u8>>,
    width: usize,
}

impl Table {
    pub fn firsts(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for row in self.rows.iter() {
            out.push(row[0]);
        }
        out
    }

    pub fn header(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for i in 0..self.width {
            out.push(i);
        }
        out
    }

    pub fn cells(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for row in &self.rows {
            for c in 0..self.width {
                out.push(row[c]);
            }
        }
        out
    }
}

pub fn through_binding(t: &Table) -> Vec<usize> {
    let mut lens = Vec::new();
    for row in &t.rows {
        lens.push(row.len());
    }
    lens
}
