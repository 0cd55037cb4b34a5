//! `cargo memlint`: finds Rust code that will overflow the stack.
//!
//! This binary does the parts that face the user: the command line, finding the crates to
//! lint, configuration, lint levels, baselines, and printing. The analysis lives in the
//! `memlint-lints` library.

use cargo_memlint::cli::ColorChoice;
use cargo_memlint::{baseline, cli, config, discover, emit, fix, print, run, timings};
use memlint_lints::diag::Severity;
use memlint_lints::timings::Timings;
use memlint_lints::{docs, lint};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

// Parsing and walking syntax trees is mostly small allocations: with mimalloc a run over
// the 14 corpus crates takes 6.1 s instead of glibc malloc's 7.2 s. (The parse floor,
// examples/parse_floor.rs, uses it too.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, as the conventions fix them (never 101, cargo's and a panic's code).
const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let parsed = match cli::parse(std::env::args_os().collect()) {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match run(parsed) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn print_stdout(text: &str) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

fn run(parsed: cli::Parsed) -> Result<ExitCode, String> {
    let started = Instant::now();
    let cli = &parsed.cli;
    if cli.list {
        return print_stdout(&docs::list());
    }
    if let Some(name) = &cli.explain {
        let Some(found) = lint::find(name) else {
            let hint = lint::suggest(name)
                .map(|near| format!(" (did you mean `memlint::{near}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown lint `{name}`{hint}; `cargo memlint --list` shows every lint"
            ));
        };
        return print_stdout(&docs::explain(found));
    }
    if cli.baseline.is_some() && cli.write_baseline.is_some() {
        return Err("give `--baseline` or `--write-baseline`, not both".to_string());
    }
    let format = cli.format()?;
    let print = cli
        .print
        .as_deref()
        .map(print::Request::parse)
        .transpose()?;
    if cli.top.is_some() && print != Some(print::Request::Frames) {
        return Err("`--top` only applies to `--print frames`".to_string());
    }
    let jobs = cli.jobs()?;
    if cli.timings && (print.is_some() || cli.fix) {
        return Err("`--timings` applies to a lint run, not to `--print` or `--fix`".to_string());
    }
    let mut main_timings = Timings::default();
    let cli_layer = config::cli_layer(&parsed.level_flags, &cli.config)?;
    let workspace = main_timings.time("discover", || discover::discover(cli))?;
    let settings = main_timings.time("settings", || config::load(&workspace, cli_layer))?;
    for warning in &settings.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(request) = print {
        return print::print(request, &workspace, &settings, format, cli.top);
    }
    let configs: Vec<_> = (0..workspace.units.len())
        .map(|unit| settings.for_unit(unit).config.clone())
        .collect();
    let levels: Vec<_> = (0..workspace.units.len())
        .map(|unit| &settings.for_unit(unit).levels)
        .collect();
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut analysis_wall = Duration::ZERO;
    let (mut outcome, fix_failed) = if cli.fix {
        let permissions = fix::Permissions {
            allow_dirty: cli.allow_dirty,
            allow_staged: cli.allow_staged,
            allow_no_vcs: cli.allow_no_vcs,
        };
        let style = fix::Style {
            color,
            quiet: cli.quiet,
        };
        let fixed = fix::run(
            &workspace,
            &configs,
            &levels,
            permissions,
            &mut std::io::stderr(),
            style,
            jobs,
        )?;
        (fixed.outcome, fixed.failed)
    } else {
        let analysis_started = Instant::now();
        let mut outcome = run::analyse_then_exit(&workspace, configs, jobs)?;
        analysis_wall = analysis_started.elapsed();
        main_timings.time("lint levels", || {
            run::apply_levels(&mut outcome, &workspace, &levels)
        });
        (outcome, false)
    };
    if let Some(path) = &cli.write_baseline {
        let written = baseline::write(path, &outcome.findings, &outcome.sources)?;
        for line in &outcome.read_errors {
            eprintln!("error: {line}");
        }
        eprintln!(
            "wrote {written} finding{} to the baseline `{}`",
            if written == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(if outcome.read_errors.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_USAGE)
        });
    }
    let applied = match &cli.baseline {
        Some(path) => Some(baseline::apply(
            path,
            &mut outcome.findings,
            &outcome.sources,
        )?),
        None => None,
    };
    run::add_level_notes(&mut outcome.findings);
    let emitter = emit::Emitter {
        format,
        color,
        quiet: cli.quiet,
        baseline: applied,
    };
    main_timings
        .time("emit", || emitter.emit(&workspace, &outcome))
        .map_err(|e| format!("cannot write the output: {e}"))?;
    if cli.timings {
        let report = timings::render(&timings::RunTimings {
            main: main_timings,
            analysis: std::mem::take(&mut outcome.timings),
            analysis_wall,
            total: started.elapsed(),
            units: workspace.units.len(),
            // Threads without a unit of their own parse files for the others.
            jobs: jobs.max(1),
        });
        eprint!("{report}");
    }
    Ok(if !outcome.read_errors.is_empty() || fix_failed {
        ExitCode::from(EXIT_USAGE)
    } else if run::count(&outcome.findings, Severity::Error) > 0 && !cli.exit_zero {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
