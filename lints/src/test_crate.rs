//! A crate parsed and modelled from text, for unit tests: `lib.rs` alone, or with modules.

use crate::cfg::CfgOptions;
use crate::context::{Config, LintContext};
use crate::load::ModuleFile;
use crate::model::CrateModel;
use crate::source::{SourceFile, SourceMap};

pub struct TestCrate {
    pub sources: SourceMap,
    pub files: Vec<ModuleFile>,
    pub model: CrateModel,
    pub config: Config,
}

impl TestCrate {
    /// A crate of one file, `lib.rs`.
    pub fn new(text: &str) -> TestCrate {
        TestCrate::with_modules(text, &[])
    }

    /// `lib.rs` and the files of its top-level modules (`mod name;` in `lib.rs`), each
    /// given as (name, text), in that order.
    pub fn with_modules(root: &str, modules: &[(&str, &str)]) -> TestCrate {
        let sources = SourceMap::default();
        let root = [("lib", root)];
        let files = root
            .iter()
            .chain(modules)
            .enumerate()
            .map(|(i, (name, text))| {
                let path = format!("{name}.rs");
                let file = sources.add(SourceFile::new(path.clone().into(), path, (*text).into()));
                let parsed = crate::parse::parse_file_with(text, true)
                    .unwrap_or_else(|e| panic!("{}", e.message));
                ModuleFile {
                    file,
                    module: if i == 0 {
                        Vec::new()
                    } else {
                        vec![name.to_string()]
                    },
                    parsed,
                    declared_at: None,
                }
            })
            .collect::<Vec<_>>();
        let model = CrateModel::build(&files, &CfgOptions::default(), &sources);
        TestCrate {
            sources,
            files,
            model,
            config: Config::default(),
        }
    }

    pub fn cx(&self) -> LintContext<'_> {
        LintContext {
            files: &self.files,
            model: &self.model,
            sources: &self.sources,
            config: &self.config,
        }
    }
}
