// Method bodies, trait default methods and closures are all linted.

trait Render {
    fn render(&self) -> u8 {
        let canvas = [0u8; 1 << 18];
        canvas[0]
    }
}

struct Screen;

impl Render for Screen {}

impl Screen {
    fn frames(&self) -> impl Fn() -> u8 {
        || {
            let frame = [0u32; 1 << 16];
            frame[0] as u8
        }
    }
}

fn main() {
    Screen.render();
    Screen.frames()();
}
