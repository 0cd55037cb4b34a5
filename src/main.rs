//! `cargo memlint`: finds Rust code that will overflow the stack.
//!
//! This binary does the parts that face the user: the command line, finding the crates to
//! lint, lint levels, and printing. The analysis lives in the `memlint-lints` library.

use cargo_memlint::cli::ColorChoice;
use cargo_memlint::{cli, discover, emit, print, run, settings};
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
    let print = cli
        .print
        .as_deref()
        .map(print::Request::parse)
        .transpose()?;
    let workspace = discover::discover(cli)?;
    if let Some(request) = print {
        return print::print(request, &workspace, format);
    }
    let mut outcome = run::analyse(&workspace, &config)?;
    run::finalize(&mut outcome, &workspace, &levels);
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let emitter = emit::Emitter {
        format,
        color,
        quiet: cli.quiet,
    };
    emitter
        .emit(&workspace, &outcome)
        .map_err(|e| format!("cannot write the output: {e}"))?;
    Ok(if !outcome.read_errors.is_empty() {
        ExitCode::from(EXIT_USAGE)
    } else if run::count(&outcome.findings, Severity::Error) > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
