//! The commands above the pipeline: recording approvals ([`approve`]) and duties done
//! ([`record`]), explaining a code
//! ([`explain`]), running a project's rule tests ([`ruletest`]), a new project ([`scaffold`]),
//! the preview server ([`serve`]) and the language server ([`lsp`]). Each composes the stages
//! through [`crate::pipeline`].

pub mod approve;
pub mod explain;
pub mod library;
pub mod lsp;
pub mod record;
pub mod ruletest;
pub mod scaffold;
pub mod serve;
