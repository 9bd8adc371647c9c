//! What every stage stands on: the agreement as data ([`model`]), findings and their places
//! ([`diagnostic`], [`codes`], a finding's JSON shape [`json_diagnostic`]), words and messages
//! ([`lang`], [`catalog`]), the front matter's schema and YAML tree ([`schema`], [`yaml`]),
//! Markdown, terms and cadences, citations of other agreements ([`xref`]), escaping, memoization, and where files come from and go
//! ([`tree`], [`site`]). Nothing here imports a stage.

pub mod access;
pub mod cadence;
pub mod catalog;
pub mod codes;
pub mod definitions;
pub mod diagnostic;
pub mod escape;
pub mod hash;
pub mod json_diagnostic;
pub mod lang;
pub mod markdown;
pub(crate) mod memo;
pub mod model;
pub mod period;
pub mod schema;
pub mod site;
pub mod terms;
pub mod tree;
pub mod workdays;
pub mod xref;
pub mod yaml;
