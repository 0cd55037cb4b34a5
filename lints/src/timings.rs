//! Where the time of a run goes (`--timings`): wall time per phase, summed over crates.
//!
//! Crates are analysed on several threads at once, so the phases of a run add up to more
//! than its wall time: each phase's figure is the time threads spent in it.

use std::time::{Duration, Instant};

/// Time spent in each phase, in the order the phases first ran, and what was read.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    pub files: usize,
    pub bytes: u64,
}

impl Timings {
    /// Runs `work` and adds its wall time to `phase`.
    pub fn time<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        self.add(phase, start.elapsed());
        out
    }

    pub fn add(&mut self, phase: &'static str, took: Duration) {
        match self.phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += took,
            None => self.phases.push((phase, took)),
        }
    }

    /// Adds another crate's figures to these.
    pub fn merge(&mut self, other: &Timings) {
        for (phase, took) in &other.phases {
            self.add(phase, *took);
        }
        self.files += other.files;
        self.bytes += other.bytes;
    }

    pub fn get(&self, phase: &str) -> Duration {
        self.phases
            .iter()
            .find(|(name, _)| *name == phase)
            .map_or(Duration::ZERO, |(_, took)| *took)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_add_up_by_name_in_first_run_order() {
        let mut a = Timings::default();
        a.add("parse", Duration::from_millis(3));
        a.add("model", Duration::from_millis(1));
        a.add("parse", Duration::from_millis(2));
        let mut b = Timings {
            files: 2,
            bytes: 10,
            ..Timings::default()
        };
        b.add("lint", Duration::from_millis(4));
        b.add("model", Duration::from_millis(1));
        a.merge(&b);
        let names: Vec<_> = a.phases.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["parse", "model", "lint"]);
        assert_eq!(a.get("parse"), Duration::from_millis(5));
        assert_eq!(a.get("model"), Duration::from_millis(2));
        assert_eq!(a.get("absent"), Duration::ZERO);
        assert_eq!((a.files, a.bytes), (2, 10));
    }
}
