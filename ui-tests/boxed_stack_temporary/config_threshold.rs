//@ flags: --config array-size-threshold=4KiB
// `--config array-size-threshold=4KiB`.

fn main() {
    let page = Box::new([0u8; 4096]);
    let line = Box::new([0u8; 64]);
    let _ = (page, line);
}
