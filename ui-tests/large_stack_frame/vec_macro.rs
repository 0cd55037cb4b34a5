// `vec![x; n]` is `from_elem(x, n)`: the element is passed by value, so a large one is part
// of the frame, whether it is built there or copied from a local. `vec![a, b]` writes its
// elements straight into the heap, and a literal element stays out of memory. What an
// element is computed from is part of the frame, as anywhere else.

fn repeated(n: usize) -> Vec<[u8; 1 << 18]> {
    vec![[7u8; 1 << 18]; n]
}

fn listed() -> Vec<[u8; 1 << 18]> {
    vec![[1u8; 1 << 18], [2u8; 1 << 18]]
}

fn from_local(row: [u8; 1 << 18], n: usize) -> Vec<[u8; 1 << 18]> {
    vec![row; n]
}

fn zeros(n: usize) -> Vec<u8> {
    vec![0u8; n]
}

fn scratch_in_element() -> Vec<u8> {
    vec![{
        let scratch = [3u8; 1 << 18];
        scratch[9]
    }]
}

fn main() {
    repeated(2);
    listed();
    from_local([0; 1 << 18], 2);
    zeros(3);
    scratch_in_element();
}
