//! Findings for people and machines: the formats `check --format` writes.

pub mod ci;
