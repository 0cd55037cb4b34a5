//! The command line, as cargo and clippy users expect it.

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, ValueEnum};
use memlint_lints::diag::Level;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "cargo-memlint",
    bin_name = "cargo memlint",
    version,
    about = "Finds Rust code that will overflow the stack, from source, without compiling",
    after_help = "Run it in a Cargo project (`cargo memlint`), or on files and directories \
                  without a manifest (`cargo memlint src/parser.rs`)."
)]
pub struct Cli {
    /// Files or directories to lint instead of a Cargo workspace
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH", help_heading = "Package Selection")]
    pub manifest_path: Option<PathBuf>,

    /// Package(s) to lint
    #[arg(
        short = 'p',
        long = "package",
        value_name = "SPEC",
        help_heading = "Package Selection"
    )]
    pub packages: Vec<String>,

    /// Lint all packages in the workspace
    #[arg(long, visible_alias = "all", help_heading = "Package Selection")]
    pub workspace: bool,

    /// Exclude packages from the lint (with --workspace)
    #[arg(long, value_name = "SPEC", help_heading = "Package Selection")]
    pub exclude: Vec<String>,

    /// Lint only the library target
    #[arg(long, help_heading = "Target Selection")]
    pub lib: bool,
    /// Lint only binary targets
    #[arg(long, help_heading = "Target Selection")]
    pub bins: bool,
    /// Lint only integration test targets
    #[arg(long, help_heading = "Target Selection")]
    pub tests: bool,
    /// Lint only example targets
    #[arg(long, help_heading = "Target Selection")]
    pub examples: bool,
    /// Lint only bench targets
    #[arg(long, help_heading = "Target Selection")]
    pub benches: bool,
    /// Lint all targets (the default)
    #[arg(long, help_heading = "Target Selection")]
    pub all_targets: bool,

    /// Set lint warnings
    #[arg(short = 'W', long = "warn", value_name = "LINT", action = ArgAction::Append, help_heading = "Lint Levels")]
    pub warn: Vec<String>,
    /// Set lint allowed
    #[arg(short = 'A', long = "allow", value_name = "LINT", action = ArgAction::Append, help_heading = "Lint Levels")]
    pub allow: Vec<String>,
    /// Set lint denied (`-D warnings` denies every warning)
    #[arg(short = 'D', long = "deny", value_name = "LINT", action = ArgAction::Append, help_heading = "Lint Levels")]
    pub deny: Vec<String>,
    /// Set lint forbidden
    #[arg(short = 'F', long = "forbid", value_name = "LINT", action = ArgAction::Append, help_heading = "Lint Levels")]
    pub forbid: Vec<String>,

    /// Apply every machine-applicable suggestion, then report what is left
    #[arg(long, help_heading = "Fixing")]
    pub fix: bool,
    /// Fix files with uncommitted changes (staged, untracked and ignored ones too)
    #[arg(long, requires = "fix", help_heading = "Fixing")]
    pub allow_dirty: bool,
    /// Fix files whose changes are staged but not committed
    #[arg(long, requires = "fix", help_heading = "Fixing")]
    pub allow_staged: bool,
    /// Fix files that no git repository holds
    #[arg(long, requires = "fix", help_heading = "Fixing")]
    pub allow_no_vcs: bool,

    /// Set a setting for this run, over any config file: `array-size-threshold=64KiB`
    #[arg(long = "config", value_name = "KEY=VALUE", action = ArgAction::Append)]
    pub config: Vec<String>,

    /// Print what memlint knows instead of linting: `config` (the effective settings and
    /// their sources), `type-sizes`, `frames`, `call-graph`,
    /// `stack-budget`
    #[arg(long, value_name = "WHAT", help_heading = "Output")]
    pub print: Option<String>,

    /// With `--print frames`: only the N largest frames
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub top: Option<usize>,

    /// Print a lint's documentation
    #[arg(long, value_name = "LINT", help_heading = "Documentation")]
    pub explain: Option<String>,

    /// List every lint with its default level and summary
    #[arg(long, help_heading = "Documentation")]
    pub list: bool,

    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "FILE", help_heading = "Baselines")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in a baseline file (instead of reporting them)
    #[arg(long, value_name = "FILE", help_heading = "Baselines")]
    pub write_baseline: Option<PathBuf>,

    /// Output format: human, short, json, json-diagnostic-rendered-ansi, sarif, github
    #[arg(long, value_name = "FMT", action = ArgAction::Append, help_heading = "Output")]
    pub message_format: Vec<String>,

    /// Exit with 0 even when something is reported at error level (e.g. to upload SARIF)
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,

    /// Coloring: auto, always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Output")]
    pub color: ColorChoice,

    /// Do not print the summary line
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,

    /// Print on stderr how long each phase took, what was read, and peak memory
    #[arg(long, help_heading = "Output")]
    pub timings: bool,

    /// Crates (targets) to analyse at once [default: the number of cores]
    #[arg(short = 'j', long, value_name = "N", allow_negative_numbers = true)]
    pub jobs: Option<String>,

    // Flags rust-analyzer and cargo habits pass to a check command. They change nothing
    // here: memlint reads source, so features, targets and build directories do not apply.
    #[arg(long, hide = true)]
    pub keep_going: bool,
    #[arg(long, hide = true, value_name = "FEATURES", action = ArgAction::Append)]
    pub features: Vec<String>,
    #[arg(long, hide = true)]
    pub all_features: bool,
    #[arg(long, hide = true)]
    pub no_default_features: bool,
    #[arg(long, hide = true, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    #[arg(long, hide = true, value_name = "TRIPLE", action = ArgAction::Append)]
    pub target: Vec<String>,
    #[arg(long, hide = true)]
    pub offline: bool,
    #[arg(long, hide = true)]
    pub frozen: bool,
    #[arg(long, hide = true)]
    pub locked: bool,
    #[arg(long, hide = true)]
    pub release: bool,
    #[arg(long, hide = true, value_name = "NAME")]
    pub profile: Option<String>,

    #[arg(short = 'v', long, hide = true, action = ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageFormat {
    Human,
    Short,
    Json {
        ansi: bool,
    },
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=...::message`).
    Github,
}

/// The lint-level flags in the order given: later flags win, as in rustc.
pub struct LevelFlag {
    pub level: Level,
    pub lint: String,
}

pub struct Parsed {
    pub cli: Cli,
    pub level_flags: Vec<LevelFlag>,
}

/// Parses `args` as given by the OS. Under `cargo memlint`, cargo passes `memlint` as the
/// first argument; it is dropped.
pub fn parse(mut args: Vec<std::ffi::OsString>) -> Result<Parsed, clap::Error> {
    if args.get(1).is_some_and(|a| a == "memlint") {
        args.remove(1);
    }
    let matches = Cli::command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    let mut level_flags: Vec<(usize, LevelFlag)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
        ("forbid", Level::Forbid),
    ] {
        let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        else {
            continue;
        };
        for (lint, index) in values.zip(indices) {
            level_flags.push((
                index,
                LevelFlag {
                    level,
                    lint: lint.clone(),
                },
            ));
        }
    }
    level_flags.sort_by_key(|(index, _)| *index);
    Ok(Parsed {
        cli,
        level_flags: level_flags.into_iter().map(|(_, f)| f).collect(),
    })
}

impl Cli {
    /// How many crates to analyse at once. As cargo: a positive number, `default` (one
    /// per core), or a negative number (that many fewer than the cores, at least one).
    pub fn jobs(&self) -> Result<usize, String> {
        let cores = crate::run::default_jobs();
        let Some(value) = self.jobs.as_deref() else {
            return Ok(cores);
        };
        match value.trim() {
            "default" => Ok(cores),
            n => match n.parse::<i64>() {
                Ok(0) => Err("`--jobs` may not be 0".to_string()),
                Ok(n) if n > 0 => Ok(n as usize),
                Ok(n) => Ok(cores.saturating_sub(n.unsigned_abs() as usize).max(1)),
                Err(_) => Err(format!(
                    "invalid value `{value}` for `--jobs`: a number or `default`"
                )),
            },
        }
    }

    /// The output format. cargo accepts several comma-separated values; so does memlint.
    pub fn format(&self) -> Result<MessageFormat, String> {
        let mut format = MessageFormat::Human;
        for value in self.message_format.iter().flat_map(|v| v.split(',')) {
            format = match value.trim() {
                "human" => MessageFormat::Human,
                "short" => MessageFormat::Short,
                "json" | "json-render-diagnostics" | "json-diagnostic-short" => {
                    MessageFormat::Json { ansi: false }
                }
                "json-diagnostic-rendered-ansi" => MessageFormat::Json { ansi: true },
                "sarif" => MessageFormat::Sarif,
                "github" => MessageFormat::Github,
                other => {
                    return Err(format!(
                        "invalid message format `{other}`: expected one of human, short, json, \
                         json-diagnostic-rendered-ansi, sarif, github"
                    ));
                }
            };
        }
        Ok(format)
    }

    /// Which target kinds to lint: all, unless some `--lib`/`--bins`/... flags narrow it.
    pub fn target_filter(&self) -> Option<Vec<&'static str>> {
        let picked: Vec<&'static str> = [
            (self.lib, "lib"),
            (self.bins, "bin"),
            (self.tests, "test"),
            (self.examples, "example"),
            (self.benches, "bench"),
        ]
        .into_iter()
        .filter_map(|(on, kind)| on.then_some(kind))
        .collect();
        (!self.all_targets && !picked.is_empty()).then_some(picked)
    }
}
