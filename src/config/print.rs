//! `cargo memlint --print config`: the effective settings of each package and where each
//! one came from, written as a `memlint.toml` would be, with the source as a comment.

use super::Settings;
use memlint_lints::context::SETTINGS;
use memlint_lints::docs::setting_value;
use memlint_lints::lint::{self, LevelSource};

pub fn print(settings: &Settings) -> String {
    let mut out = String::new();
    for (index, (name, effective)) in settings.packages.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# package `{name}`\n"));
        match effective.files.as_slice() {
            [] => out.push_str("# config files: none\n"),
            files => out.push_str(&format!("# config files: {}\n", files.join(", "))),
        }
        let mut rows: Vec<(String, String)> = SETTINGS
            .iter()
            .zip(&effective.setting_sources)
            .map(|(s, source)| {
                let value = setting_value(s.kind, (s.get)(&effective.config));
                (format!("{} = {value}", s.key), source.clone())
            })
            .collect();
        rows.push(("\n[lints]".to_string(), String::new()));
        if let Some((level, by)) = effective.levels.warnings() {
            rows.push((format!("warnings = \"{}\"", level.as_str()), by.to_string()));
        }
        for lint in lint::all() {
            let (level, source) = effective.levels.configured(lint);
            rows.push((
                format!("{} = \"{}\"", lint.name, level.as_str()),
                describe(&source),
            ));
        }
        let width = rows
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(r, _)| r.len())
            .max()
            .unwrap_or(0);
        for (row, source) in rows {
            if source.is_empty() {
                out.push_str(&format!("{row}\n"));
            } else {
                out.push_str(&format!("{row:width$}  # {source}\n"));
            }
        }
    }
    out
}

fn describe(source: &LevelSource) -> String {
    match source {
        LevelSource::Default => "default".to_string(),
        LevelSource::CommandLine { flag } => format!("`{flag}`"),
        LevelSource::File { place } => place.clone(),
        LevelSource::Warnings { by } => by.clone(),
        LevelSource::Attribute { place, .. } => place.clone(),
    }
}
