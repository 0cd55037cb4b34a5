// An impl for a wrapper that calls the same method on what it wraps (`impl<T: Area> Area
// for Box<T>`) hands the work to another type's impl: types cannot nest forever, so that
// alone is no recursion. Through a type that contains itself, it is.

pub trait Area {
    fn area(&self) -> u64;
}

impl<T: Area> Area for Box<T> {
    fn area(&self) -> u64 {
        (**self).area()
    }
}

impl<T: Area> Area for &T {
    fn area(&self) -> u64 {
        (**self).area()
    }
}

pub struct Tile(pub u64);

impl Area for Tile {
    fn area(&self) -> u64 {
        self.0
    }
}

pub struct Stack {
    pub inner: Vec<Stack>,
    pub tile: Tile,
}

impl Area for Stack {
    fn area(&self) -> u64 {
        self.tile.area() + self.inner.iter().map(|s| s.area()).sum::<u64>()
    }
}
