// A trait's signatures are reported where they are declared, not in each impl.

struct Snapshot {
    data: [u64; 4096],
}

trait Store {
    fn save(&mut self, snapshot: Snapshot);

    fn load(&self) -> Snapshot {
        Snapshot { data: [0; 4096] }
    }
}

struct Disk;

impl Store for Disk {
    fn save(&mut self, snapshot: Snapshot) {}
}

fn main() {}
