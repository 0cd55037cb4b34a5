//! A crate of one file, `lib.rs`, parsed and modelled, for unit tests.

use crate::cfg::CfgOptions;
use crate::context::{Config, LintContext};
use crate::load::ModuleFile;
use crate::model::CrateModel;
use crate::source::{SourceFile, SourceMap};

pub struct OneFile {
    pub sources: SourceMap,
    pub files: Vec<ModuleFile>,
    pub model: CrateModel,
    pub config: Config,
}

impl OneFile {
    pub fn new(text: &str) -> OneFile {
        let sources = SourceMap::default();
        let file = sources.add(SourceFile::new(
            "lib.rs".into(),
            "lib.rs".into(),
            text.into(),
        ));
        let parsed = crate::parse::parse_file(text).unwrap_or_else(|e| panic!("{}", e.message));
        let files = vec![ModuleFile {
            file,
            module: Vec::new(),
            parsed,
            declared_at: None,
        }];
        let model = CrateModel::build(&files, &CfgOptions::default());
        OneFile {
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
