//! `watch` and `serve`: rebuild on every saved change, incrementally, and (for `serve`) an HTTP
//! server over the last good site with live reload and errors shown over the page.
//!
//! [`session::Session`] keeps the project in memory between rebuilds: only changed files are read
//! and parsed again, only clause pages whose inputs changed are rendered again, and only files
//! whose bytes changed are written. [`watch`] turns file system
//! events into batches of changed paths; [`http`] serves the site from memory.

pub mod http;
