//! A CI's split of a portfolio (`clausebook agreements`): its agreements in the order of
//! `portfolio.yaml`, and one node's share of them (`--node K/N`: those at positions `i` with
//! `i % N == K - 1`), so that N machines each build the bundles of theirs and one job assembles
//! the portal. ci/ holds templates that use it.

use std::path::Path;

use serde::Serialize;

use super::config::{self, Member};
use crate::Error;
use crate::base::catalog::{Locale, Portfolio as Words};
use crate::base::diagnostic::Severity;
use crate::pipeline::Checked;

/// One node of a CI's `N` nodes: `index` (1 to `total`) of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// Which node, from 1.
    pub index: usize,
    /// How many nodes.
    pub total: usize,
}

impl Node {
    /// Reads `K/N` (1 ≤ K ≤ N); otherwise what is wrong, in `l`.
    pub fn parse(text: &str, l: Locale) -> Result<Node, String> {
        let number = |s: &str| s.trim().parse::<usize>().ok().filter(|&n| n > 0 && s.trim() == s);
        let node = text.split_once('/').and_then(|(k, n)| Some(Node { index: number(k)?, total: number(n)? }));
        node.filter(|n| n.index <= n.total).ok_or_else(|| l.msg(Words::BadNode { node: &text }))
    }

    /// Whether the agreement at `position` (from 0, in `portfolio.yaml`'s order) is this node's.
    pub fn takes(self, position: usize) -> bool {
        position % self.total == self.index - 1
    }
}

/// A portfolio's agreements as a CI splits them.
#[derive(Debug)]
pub struct Listing {
    /// The findings of `portfolio.yaml` and of the departments file, as `check` reports them.
    pub checked: Checked,
    /// Every agreement, in `portfolio.yaml`'s order; none when those files have errors (a CI
    /// must not build part of a portfolio as if it were the whole).
    pub agreements: Vec<Member>,
}

/// An agreement as `clausebook agreements --format json` prints it.
#[derive(Serialize)]
struct Listed {
    id: String,
    path: String,
}

/// Reads the portfolio at `root` for listing; `Error::Usage` when `root` holds no
/// `portfolio.yaml`.
pub fn list(root: &Path) -> Result<Listing, Error> {
    if !config::is_portfolio(root) {
        let index = root.join(crate::load::CONTENT).join("_index.md");
        let l = if index.is_file() { crate::load::locale(root) } else { Locale::Zh };
        let shown = crate::base::escape::path(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
        return Err(Error::Usage(l.msg(Words::NoPortfolioHere { root: &shown })));
    }
    let mut read = config::read(root);
    let locale = read.config.as_ref().map_or(Locale::Zh, |c| Locale::of(&c.language));
    let broken = read.diagnostics.iter().any(|d| d.severity == Severity::Error);
    let agreements = match read.config.take() {
        Some(config) if !broken => config.agreements,
        _ => Vec::new(),
    };
    let mut checked = super::aggregate(locale, read.diagnostics, read.sources);
    checked.diagnostics.sort();
    Ok(Listing { checked, agreements })
}

/// The agreements of `node` (all of them without one), in their order.
pub fn share(agreements: &[Member], node: Option<Node>) -> Vec<&Member> {
    agreements.iter().enumerate().filter(|(i, _)| node.is_none_or(|n| n.takes(*i))).map(|(_, m)| m).collect()
}

/// One line per agreement: its id, a tab and its folder as `portfolio.yaml` writes it (which a
/// shell reads with `while read -r id path`).
pub fn lines(agreements: &[&Member]) -> String {
    agreements.iter().map(|m| format!("{}\t{}\n", m.id, crate::base::escape::path(&m.path))).collect()
}

/// The agreements as one line of JSON: `[{"id": …, "path": …}]`.
pub fn json(agreements: &[&Member]) -> String {
    let listed: Vec<Listed> = agreements
        .iter()
        .map(|m| Listed { id: m.id.clone(), path: crate::base::escape::slash_path(&m.path) })
        .collect();
    format!("{}\n", crate::base::escape::json(&listed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_is_k_of_n() {
        assert_eq!(Node::parse("2/4", Locale::En), Ok(Node { index: 2, total: 4 }));
        assert_eq!(Node::parse("1/1", Locale::En), Ok(Node { index: 1, total: 1 }));
        for bad in ["0/4", "5/4", "2", "2/0", "-1/4", "a/4", "2/4/1", " 2/4", "2/ 4", ""] {
            assert!(Node::parse(bad, Locale::En).is_err(), "{bad}");
        }
        assert!(Node::parse("5/4", Locale::Zh).unwrap_err().contains("节点"));
    }

    #[test]
    fn every_position_is_taken_by_exactly_one_node() {
        for total in 1..=7 {
            for position in 0..30 {
                let takers = (1..=total).filter(|&index| Node { index, total }.takes(position)).count();
                assert_eq!(takers, 1, "position {position} of {total} nodes");
            }
        }
    }
}
