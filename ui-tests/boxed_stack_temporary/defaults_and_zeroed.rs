// `Default::default()`, `T::default()`, `T::new()` and `mem::zeroed()` return the value on
// the stack; the type comes from the annotation, the turbofish or the call.

#[derive(Default)]
struct State {
    table: Vec<u8>,
    cache: [u64; 4096],
}

impl State {
    fn new() -> State {
        State::default()
    }
}

fn main() {
    let a: Box<State> = Box::new(Default::default());
    let b = Box::new(State::default());
    let c = Box::new(State::new());
    let d = Box::<[u64; 4096]>::new(unsafe { std::mem::zeroed() });
    let _ = (a, b, c, d);
}
