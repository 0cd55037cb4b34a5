// Types from other crates are unknown and count as nothing: the estimate is a lower
// bound, and the finding says "at least".

use other_crate::Widget;

fn render(seed: u8) -> usize {
    let header = [seed; 50000];
    let body = [seed; 50000];
    let footer = [seed; 50000];
    let widget = Widget::new();
    widget.draw(&header, &body, &footer)
}

fn main() {
    render(1);
}
