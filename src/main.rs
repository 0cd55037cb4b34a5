//! `cargo memlint`: finds Rust code that will overflow the stack.
//!
//! This binary does the parts that face the user: the command line, finding the crates to
//! lint, lint levels, and printing. The analysis lives in the `memlint-lints` library.

mod cli;
mod discover;
mod emit;
mod fix;
mod run;
mod settings;
mod vcs;

use cli::ColorChoice;
use memlint_lints::diag::Severity;
use std::io::IsTerminal;
use std::process::ExitCode;

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

fn run(parsed: cli::Parsed) -> Result<ExitCode, String> {
    let cli = &parsed.cli;
    let format = cli.format()?;
    let levels = settings::levels(&parsed.level_flags)?;
    let config = settings::config(&cli.config)?;
    let workspace = discover::discover(cli)?;
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let (outcome, fix_failed) = if cli.fix {
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
            &config,
            &levels,
            permissions,
            &mut std::io::stderr(),
            style,
        )?;
        (fixed.outcome, fixed.failed)
    } else {
        let mut outcome = run::analyse(&workspace, &config)?;
        run::finalize(&mut outcome, &workspace, &levels);
        (outcome, false)
    };
    let emitter = emit::Emitter {
        format,
        color,
        quiet: cli.quiet,
    };
    emitter
        .emit(&workspace, &outcome)
        .map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if !outcome.read_errors.is_empty() || fix_failed {
        ExitCode::from(EXIT_USAGE)
    } else if run::count(&outcome.findings, Severity::Error) > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
