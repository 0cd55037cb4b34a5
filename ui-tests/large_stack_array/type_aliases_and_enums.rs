// Type aliases are seen through; fieldless enums take one byte.

type Block = [u8; 4096];
type Sector = [Block; 8];

#[derive(Clone, Copy)]
enum Color {
    Red,
    Green,
}

fn main() {
    let sector: Sector = [[0; 4096]; 8];
    let block: Block = [0; 4096];
    let colors = [Color::Red; 20_000];
    let few = [Color::Green; 100];
    let _ = (sector, block, colors, few);
}
