//! Check: the built-in consistency checks (Rust) and the project's own rules (Lua). Both read the
//! model and return findings; neither can change it.

pub mod builtin;
pub mod citations;
pub mod rule_tests;
pub mod rules;
pub mod terms;
