//! The floor for a syn-based tool: read and parse files with syn, nothing else, on every
//! core. `scripts/bench.sh` compares a whole memlint run with this over the same files.
//!
//!   cargo-memlint ARGS --print files --message-format=json | parse_floor [--jobs N]
//!
//! reads the `--print files` lines on stdin (paths relative to the current directory)
//! and prints `files bytes seconds`.
use rayon::prelude::*;
use std::io::BufRead;
use std::time::Instant;

// The same allocator as cargo-memlint, so the floor is the floor of the same program.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let jobs = match args.iter().position(|a| a == "--jobs") {
        Some(i) => args[i + 1].parse().expect("--jobs N"),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut paths: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .map(|l| l.expect("stdin"))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .filter_map(|v| v["file"].as_str().map(str::to_string))
        .collect();
    // A file shared by two targets is read once by memlint too.
    paths.sort();
    paths.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(cargo_memlint::run::ANALYSIS_STACK)
        .build()
        .expect("thread pool");
    let start = Instant::now();
    let bytes: usize = pool.install(|| {
        paths
            .par_iter()
            .with_max_len(1)
            .map(|path| {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                // Parsed and dropped on the same thread, as memlint does.
                drop(memlint_lints::parse::parse_file(&text));
                proc_macro2::extra::invalidate_current_thread_spans();
                text.len()
            })
            .sum()
    });
    println!(
        "{} {} {:.6}",
        paths.len(),
        bytes,
        start.elapsed().as_secs_f64()
    );
}
