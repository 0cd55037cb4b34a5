// A file that does not parse is an error at the place the parser stopped.

fn main() {
    let x = ;
}
