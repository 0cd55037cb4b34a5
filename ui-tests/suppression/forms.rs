//@ flags: -A large_stack_frame
// Every place a `cfg_attr(memlint, allow(..))` can sit silences the findings inside it;
// the last function shows the same code still fires without one. (Two of the frames these
// arrays fill reach `large_stack_frame`'s threshold: that lint is allowed here.)

#[cfg_attr(memlint, allow(memlint::large_stack_array))]
pub fn on_function() -> u8 {
    let buf = [0u8; 1 << 16];
    buf[0]
}

pub struct Big {
    pub data: [u8; 1 << 16],
}

#[cfg_attr(memlint, allow(memlint::large_stack_array))]
impl Big {
    pub fn on_impl() -> u8 {
        let buf = [1u8; 1 << 16];
        buf[0]
    }
}

pub trait Make {
    fn make() -> u8;
}

impl Make for Big {
    #[cfg_attr(memlint, allow(memlint::large_stack_array))]
    fn make() -> u8 {
        let buf = [2u8; 1 << 16];
        buf[0]
    }
}

#[cfg_attr(memlint, allow(memlint::large_stack_array))]
mod on_module {
    pub fn inside() -> u8 {
        let buf = [3u8; 1 << 16];
        buf[0]
    }
}

pub fn on_statements() -> u8 {
    #[cfg_attr(memlint, allow(memlint::large_stack_array))]
    let a = [4u8; 1 << 16];
    #[cfg_attr(memlint, allow(memlint::large_stack_array))]
    {
        let b = [5u8; 1 << 16];
        let _ = b;
    }
    a[0]
}

pub fn on_match_arm(x: u8) -> u8 {
    match x {
        #[cfg_attr(memlint, allow(memlint::large_stack_array))]
        0 => [6u8; 1 << 16][0],
        _ => 0,
    }
}

pub fn on_field() -> u8 {
    let big = Big {
        #[cfg_attr(memlint, allow(memlint::large_stack_array))]
        data: [7u8; 1 << 16],
    };
    big.data[0]
}

pub fn on_parameter(#[cfg_attr(memlint, allow(memlint::large_stack_array))] x: [u8; 1 << 16]) -> u8 {
    x[0]
}

pub fn on_closure() -> u8 {
    let f = #[cfg_attr(memlint, allow(memlint::large_stack_array))]
    || [8u8; 1 << 16][0];
    f()
}

pub fn with_a_reason() -> u8 {
    #[cfg_attr(memlint, allow(memlint::large_stack_array, reason = "runs on a 64 MiB thread"))]
    let buf = [9u8; 1 << 16];
    buf[0]
}

pub fn unsuppressed() -> u8 {
    let buf = [10u8; 1 << 16];
    buf[0]
}
