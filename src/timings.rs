//! `--timings`: the report of where a run's time went, printed on stderr after the output.

use memlint_lints::timings::Timings;
use std::time::Duration;

/// What the run around the analysis measured, beside the analysis's own phases.
pub struct RunTimings {
    /// Phases timed on the main thread (discover, settings, levels, emit), in order.
    pub main: Timings,
    /// Phases inside the analysis, summed over the threads that ran them.
    pub analysis: Timings,
    /// Wall time of the analysis (all units, on every thread).
    pub analysis_wall: Duration,
    /// Wall time of the whole run.
    pub total: Duration,
    pub units: usize,
    pub jobs: usize,
}

/// The report, a line per phase. Thread time is summed over the analysis threads, so it
/// exceeds the wall time when crates ran in parallel.
pub fn render(t: &RunTimings) -> String {
    let mut out = String::new();
    let mb = t.analysis.bytes as f64 / 1e6;
    out.push_str(&format!(
        "memlint timings: {} unit{}, {} files, {:.1} MB of source ({} bytes), {} thread{}\n",
        t.units,
        plural(t.units),
        t.analysis.files,
        mb,
        t.analysis.bytes,
        t.jobs,
        plural(t.jobs),
    ));
    let analysed: Duration = t.analysis.phases.iter().map(|(_, d)| *d).sum();
    let width = t
        .main
        .phases
        .iter()
        .chain(&t.analysis.phases)
        .map(|(name, _)| name.len() + 2)
        .max()
        .unwrap_or(0)
        .max("analysis (wall)".len());
    let row = |out: &mut String, name: &str, took: Duration, of: Duration| {
        let share = if of.is_zero() {
            0.0
        } else {
            100.0 * took.as_secs_f64() / of.as_secs_f64()
        };
        out.push_str(&format!(
            "  {name:<width$} {:>9.3} s {share:>5.1}%\n",
            took.as_secs_f64()
        ));
    };
    out.push_str(&format!(
        "  {:<width$} {:>11} {:>6}\n",
        "phase", "wall", "share"
    ));
    let before: Vec<_> = t
        .main
        .phases
        .iter()
        .filter(|(name, _)| BEFORE_ANALYSIS.contains(name))
        .collect();
    for (name, took) in &before {
        row(&mut out, name, *took, t.total);
    }
    row(&mut out, "analysis (wall)", t.analysis_wall, t.total);
    out.push_str(&format!(
        "  {:<width$} {:>11} {:>6}  of {:.3} s on {} thread{}\n",
        "  of which",
        "thread time",
        "",
        analysed.as_secs_f64(),
        t.jobs,
        plural(t.jobs)
    ));
    for (name, took) in &t.analysis.phases {
        row(&mut out, &format!("  {name}"), *took, analysed);
    }
    for (name, took) in t
        .main
        .phases
        .iter()
        .filter(|(name, _)| !BEFORE_ANALYSIS.contains(name))
    {
        row(&mut out, name, *took, t.total);
    }
    row(&mut out, "total", t.total, t.total);
    let per_sec = |d: Duration| {
        if d.is_zero() {
            0.0
        } else {
            mb / d.as_secs_f64()
        }
    };
    out.push_str(&format!(
        "throughput: {:.1} MB/s of wall time; parsing alone {:.1} MB/s per thread\n",
        per_sec(t.total),
        per_sec(t.analysis.get("parse")),
    ));
    out.push_str(&match peak_memory() {
        Some(bytes) => format!("peak memory: {:.1} MiB\n", bytes as f64 / (1 << 20) as f64),
        None => "peak memory: unknown on this platform\n".to_string(),
    });
    out
}

/// Main-thread phases that run before the analysis; the others run after it.
const BEFORE_ANALYSIS: &[&str] = &["discover", "settings"];

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The peak resident set size of this process (Linux's `VmHWM`).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_every_phase_with_its_share() {
        let ms = Duration::from_millis;
        let mut main = Timings::default();
        main.add("discover", ms(10));
        main.add("emit", ms(5));
        let mut analysis = Timings {
            files: 3,
            bytes: 2_000_000,
            ..Timings::default()
        };
        analysis.add("parse", ms(100));
        analysis.add("model", ms(100));
        let text = render(&RunTimings {
            main,
            analysis,
            analysis_wall: ms(150),
            total: ms(200),
            units: 2,
            jobs: 2,
        });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "memlint timings: 2 units, 3 files, 2.0 MB of source (2000000 bytes), 2 threads"
        );
        let names: Vec<&str> = lines[2..8]
            .iter()
            .map(|l| l.trim_start().split("  ").next().unwrap().trim())
            .collect();
        assert_eq!(
            names,
            [
                "discover",
                "analysis (wall)",
                "of which",
                "parse",
                "model",
                "emit"
            ]
        );
        assert!(lines[5].contains("0.100 s  50.0%"), "{text}");
        assert!(
            text.contains("throughput: 10.0 MB/s of wall time; parsing alone 20.0 MB/s per thread"),
            "{text}"
        );
        assert!(text.contains("peak memory: "), "{text}");
    }
}
