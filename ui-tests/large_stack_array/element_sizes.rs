// Element sizes of primitives, references and pointers.

fn main() {
    let chars = ['a'; 4096];
    let flags = [false; 16384];
    let refs = [&0u8; 2048];
    let strs = [""; 1024];
    let ptrs = [0 as *const u8; 2048];
    let wide = [0u128; 1024];
    let bytes = [b'x'; 16383];
    let _ = (chars, flags, refs, strs, ptrs, wide, bytes);
}
