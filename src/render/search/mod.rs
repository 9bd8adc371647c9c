//! The search index, split so that a query loads little of it: a character n-gram index in
//! shards, and the clauses' texts in small blocks.
//!
//! - `search/meta.js` says how many shards and clauses there are.
//! - `search/g<k>.js` (shard `k`) holds, for each gram whose hash falls in it, the clauses whose
//!   text has it and those whose number or title has it. Grams are single characters and pairs of
//!   neighbouring characters (lower-cased; none across white space), so every substring query of
//!   one or two characters is answered exactly, and a longer one narrows to the clauses that have
//!   all of its pairs — substrings across word boundaries included, with no segmenter to miss them.
//!   An entry larger than half a shard (a gram in most of 100,000 clauses) has a file of its own,
//!   `search/e<gram>.js`, which its shard names: only a query of that gram loads it, so the
//!   bytes of a query stay bounded however many clauses share a shard with a common gram.
//! - `search/d<b>.js` holds clauses `4b` to `4b+3` in reading order: number, title, page, text
//!   and details. The page loads the blocks of a screenful of candidates at a time, to verify
//!   each (the query is a substring of its text) and to show a snippet.
//!
//! Every file is a plain script calling a function of `static/search.js`, so it loads on demand
//! from `file://` as well as over HTTP. The hash is FNV-1a over the gram's code points, the same
//! in `search.js`.
//!
//! A portfolio's portal searches every agreement at once: [`merge`] makes the index of their
//! clauses, one agreement's after another's, from their own indexes' postings; the texts stay in
//! each agreement's blocks.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::base::lang::Lang;
use crate::base::model::{Agreement, Lookup};

mod grams;
mod merge;
mod runs;

use grams::{HEAD, clause_grams, gram_hash, gram_text};
pub use merge::{Merged, Postings, Since};
use runs::{Runs, decode, encode};

/// About this many bytes of postings go in one shard (a query of n characters loads at most n
/// shards, usually fewer, as its pairs share shards).
const SHARD_BYTES: usize = 24 * 1024;

/// The same for a portfolio's index, which is many agreements' and so large: shards are filled by
/// hash, and the entries of common grams are large there (a gram in most of 100,000 clauses takes
/// some 20 KB), so that smaller shards keep fewer of them together.
const PORTFOLIO_SHARD_BYTES: usize = 12 * 1024;

/// The most shards an index is split into.
const MAX_SHARDS: usize = 4096;

/// Clauses per file of texts: a screenful of results loads at most this many times what it shows.
const BLOCK: usize = 4;

/// The file of an index's table: how many shards and clauses, and clauses per block.
pub const META: &str = "search/meta.js";

/// The folder of a site that holds its search index (its page, `search.html`, is beside it).
pub const DIR: &str = "search/";

/// One searchable clause as its file has it: number, title, page, and its text (body, duties,
/// owners).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchDoc<'a> {
    /// `第3条`.
    pub n: Cow<'a, str>,
    /// Title.
    pub t: Cow<'a, str>,
    /// Page, relative to the search page (`clauses/purpose.html` on an agreement's own site).
    pub u: Cow<'a, str>,
    /// The text, as readers read it (references by number and title).
    pub x: Cow<'a, str>,
    /// What the clause's details say, a line each: its owner, and each duty with its owner,
    /// cadence and due date.
    pub m: Cow<'a, str>,
}

impl SearchDoc<'_> {
    /// Its entry in its block's file (JSON) and its grams, each once, in no order; those of its
    /// number and title also with [`HEAD`].
    fn entry(&self) -> (String, Vec<u64>) {
        (crate::base::escape::json(self), clause_grams([&self.n, &self.t], [&self.x, &self.m]))
    }
}

/// What search reads of clause `i`: `(number, title, text, details)`.
fn searchable(agreement: &Agreement, lookup: &Lookup, i: usize) -> (String, String, String) {
    let c = &agreement.clauses[i];
    let x = agreement.readable_text(lookup, c);
    let mut m = String::new();
    if let Some(owner) = agreement.owner(c) {
        m.push_str(&owner.name);
    }
    for (j, d) in c.duties.iter().enumerate() {
        let details: Vec<String> =
            [agreement.duty_owner(c, j).map(|o| o.name.clone()), d.cadence.clone(), d.due.map(|due| due.to_string())]
                .into_iter()
                .flatten()
                .collect();
        m.push('\n');
        m.push_str(&d.text);
        if !details.is_empty() {
            let _ = write!(m, "（{}）", details.join(" · "));
        }
    }
    (Lang::new(&agreement.language).clause_label(c.number), x, m)
}

/// Clause `i`'s entry in its block's file (JSON) and its grams, each once, in no order; those of
/// its number and title also with [`HEAD`].
pub(super) fn clause_entry(agreement: &Agreement, lookup: &Lookup, i: usize) -> (String, Vec<u64>) {
    let c = &agreement.clauses[i];
    let (n, x, m) = searchable(agreement, lookup, i);
    let u = format!("clauses/{}.html", c.id);
    SearchDoc { n: n.into(), t: Cow::Borrowed(&c.title), u: u.into(), x: x.into(), m: m.into() }.entry()
}

/// What an index's table ([`META`]) says.
#[derive(Debug, Deserialize, Serialize)]
pub struct Meta {
    /// How many files of grams it has.
    pub shards: usize,
    /// How many clauses.
    pub docs: usize,
    /// How many clauses a file of texts holds.
    pub block: usize,
}

impl Meta {
    /// The table of `text` (a [`META`] file), when it is as an index writes it.
    pub fn read(text: &str) -> Option<Meta> {
        let json = text.strip_prefix("window.CLAUSEBOOK_SEARCH_META = ")?.trim_end().strip_suffix(';')?;
        let meta: Meta = serde_json::from_str(json).ok()?;
        (meta.block > 0 && meta.shards <= MAX_SHARDS).then_some(meta)
    }
}

/// What an index's table ([`META`]) says: how many clauses, and how many a block holds.
pub fn read_meta(text: &str) -> Option<(usize, usize)> {
    Meta::read(text).map(|m| (m.docs, m.block))
}

/// The file of block `b` of an index's clauses.
fn block_file(b: usize) -> String {
    format!("search/d{b}.js")
}

/// The table of an index of `n` clauses in `count` shards.
fn meta(count: usize, n: usize) -> Arc<str> {
    format!("window.CLAUSEBOOK_SEARCH_META = {{\"shards\":{count},\"docs\":{n},\"block\":{BLOCK}}};\n").into()
}

/// The name of the file of gram `g`'s entry when it is larger than half a shard (`e<hex>`): the
/// script `search/<name>.js`, named in the gram's shard.
fn large_name(g: u64) -> String {
    format!("e{g:x}")
}

/// Hashes gram keys (already well spread in their low bits, not in their high ones) by one
/// multiplication.
#[derive(Default)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type GramMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<GramHasher>>;

/// A clause made anew: its index, its file, and its grams.
type Entry = (usize, Arc<str>, Arc<[u64]>);

/// A block's file of clauses, and the clauses of it made anew.
type Block = (Arc<str>, Vec<Entry>);

/// The grams an update collects: each gram's runs on a first build, the edits of the postings on
/// a later one.
struct Grams {
    fresh: GramMap<[Runs; 2]>,
    edits: Vec<(u64, u32, bool)>,
}

/// What the index keeps of one clause.
#[derive(Debug)]
struct Kept {
    key: Option<u64>,
    grams: Arc<[u64]>,
    doc: Arc<str>,
}

/// The search index of a site: every gram's postings and the shard files made from them. An
/// editing session keeps it between rebuilds with each clause's grams, so that an edit re-encodes
/// only the grams it added or removed and rewrites only their shards.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Each clause's data key, grams (sorted) as the postings hold them, and file; kept by a
    /// session.
    clauses: Vec<Kept>,
    /// Each gram's clauses ([`encode`]d): in any field, and in the number or title.
    postings: GramMap<[String; 2]>,
    /// Each gram's entry in its shard (`"联合":["0.7pr","3"]`).
    entries: GramMap<String>,
    /// The grams of each shard, in order.
    shards: Vec<std::collections::BTreeSet<u64>>,
    /// Each shard's file.
    files: Vec<Arc<str>>,
    /// The file of each entry larger than half a shard, by gram: its shard names it instead.
    large: std::collections::BTreeMap<u64, Arc<str>>,
    /// Each block's file of clauses (`search/d<b>.js`); kept by a session.
    blocks: Vec<Arc<str>>,
    /// The bytes of all entries.
    total: usize,
    /// About how many bytes a shard holds ([`SHARD_BYTES`] when 0).
    shard_bytes: usize,
    /// The sites whose postings an index of several sites' merges, as last merged.
    parts: Vec<Arc<Postings>>,
}

impl SearchIndex {
    /// An empty index with a portfolio's smaller shards.
    fn portfolio() -> SearchIndex {
        SearchIndex { shard_bytes: PORTFOLIO_SHARD_BYTES, ..SearchIndex::default() }
    }

    /// Brings the index up to date with the agreement's clauses, whose data keys are `keys`:
    /// `entry(i)` makes clause `i`'s file and grams ([`clause_entry`]) and `put` stores a file.
    /// Clauses whose key is unchanged are not looked at again. With `keep` false (a one-off build)
    /// the clauses' grams are not kept, and each file is stored as soon as it is made.
    pub(super) fn update<E: Send>(
        &mut self,
        keys: &[Option<u64>],
        keep: bool,
        entry: &(dyn Fn(usize) -> (Arc<str>, Vec<u64>) + Sync),
        put: &(dyn Fn(String, Arc<str>) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        let n = keys.len();
        let same = self.clauses.len() == n;
        let changed: Vec<usize> =
            (0..n).filter(|&i| !same || keys[i].is_none() || self.clauses[i].key != keys[i]).collect();
        if !same {
            *self = SearchIndex { shard_bytes: self.shard_bytes, ..SearchIndex::default() };
        }
        // A first build appends to each gram's runs; an update collects its edits.
        let mut grams = Grams { fresh: GramMap::default(), edits: Vec::new() };
        let mut blocks: Vec<usize> = changed.iter().map(|i| i / BLOCK).collect();
        blocks.dedup();
        if !same {
            self.blocks = vec![Arc::from(""); n.div_ceil(BLOCK)];
        }
        // Blocks of clauses in chunks, so that a one-off build holds a chunk's grams at a time.
        for chunk in blocks.chunks(128) {
            let made: Vec<Result<Block, E>> = chunk
                .par_iter()
                .map(|&b| {
                    let (file, entries) = self.block(b, n, &changed, keep, entry);
                    if !keep {
                        put(block_file(b), Arc::clone(&file))?;
                    }
                    Ok((file, entries))
                })
                .collect();
            for (&b, made) in chunk.iter().zip(made) {
                let (file, entries) = made?;
                if keep {
                    self.blocks[b] = file;
                }
                self.take(entries, keys, (keep, same), &mut grams);
            }
        }
        if keep {
            for (b, file) in self.blocks.iter().enumerate() {
                put(block_file(b), Arc::clone(file))?;
            }
        }
        let mut dirty: Vec<u64> = if same {
            self.edit(grams.edits)
        } else {
            self.postings =
                grams.fresh.into_iter().map(|(g, [all, head])| (g, [all.finish(), head.finish()])).collect();
            self.postings.keys().copied().collect()
        };
        dirty.sort_unstable();
        dirty.dedup();
        self.write_all(&dirty, n, put)?;
        if !keep {
            *self = SearchIndex { shard_bytes: self.shard_bytes, ..SearchIndex::default() };
        }
        Ok(())
    }

    /// Block `b`'s file of clauses (of `n`), and the file and grams (each once; sorted when they
    /// are kept) of each of its clauses that `changed` lists (made by `entry`); the others' files
    /// as kept.
    fn block(
        &self,
        b: usize,
        n: usize,
        changed: &[usize],
        keep: bool,
        entry: &(dyn Fn(usize) -> (Arc<str>, Vec<u64>) + Sync),
    ) -> Block {
        let mut docs = Vec::with_capacity(BLOCK);
        let mut entries = Vec::new();
        for i in b * BLOCK..((b + 1) * BLOCK).min(n) {
            if changed.binary_search(&i).is_ok() {
                let (doc, mut grams) = entry(i);
                if keep {
                    // Sorted, to compare with the next edit's.
                    grams.sort_unstable();
                }
                docs.push(Arc::clone(&doc));
                entries.push((i, doc, grams.into()));
            } else {
                docs.push(Arc::clone(&self.clauses[i].doc));
            }
        }
        let mut file = format!("CLAUSEBOOK_SEARCH_DOCS({b},[");
        for (j, doc) in docs.iter().enumerate() {
            if j > 0 {
                file.push(',');
            }
            file.push_str(doc);
        }
        file.push_str("]);\n");
        (file.into(), entries)
    }

    /// Takes the grams of the clauses made anew (`entries`, with data keys `keys`): as edits of
    /// the postings (`same`: the clauses are the same ones as before) or fresh postings; kept for
    /// the next update with `keep`.
    fn take(&mut self, entries: Vec<Entry>, keys: &[Option<u64>], (keep, same): (bool, bool), grams: &mut Grams) {
        for (i, doc, clause_grams) in entries {
            if same {
                diff(i as u32, &self.clauses[i].grams, &clause_grams, &mut grams.edits);
            } else {
                for &g in clause_grams.iter() {
                    grams.fresh.entry(g & !HEAD).or_default()[usize::from(g & HEAD != 0)].push(i as u32);
                }
            }
            if keep {
                let kept = Kept { key: keys[i], grams: clause_grams, doc };
                if same {
                    self.clauses[i] = kept;
                } else {
                    self.clauses.push(kept);
                }
            }
        }
    }

    /// Makes again the entries of the grams `dirty` (sorted, unique) and the shards that hold
    /// them, and stores the table (of `n` clauses) and every shard's file through `put`.
    fn write_all<E>(
        &mut self,
        dirty: &[u64],
        n: usize,
        put: &dyn Fn(String, Arc<str>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.write_entries(dirty);
        let (count, _) = self.reshard(dirty);
        self.put_all(count, n, put)
    }

    /// Stores the table (of `n` clauses, in `count` shards) and every shard's and large entry's
    /// file through `put`.
    fn put_all<E>(&self, count: usize, n: usize, put: &dyn Fn(String, Arc<str>) -> Result<(), E>) -> Result<(), E> {
        put(META.into(), meta(count, n))?;
        for (k, file) in self.files.iter().enumerate() {
            put(format!("search/g{k}.js"), Arc::clone(file))?;
        }
        for (g, file) in &self.large {
            put(format!("search/{}.js", large_name(*g)), Arc::clone(file))?;
        }
        Ok(())
    }

    /// [`SearchIndex::write_all`], storing only the files that changed: the table, the shards
    /// that hold the grams `dirty` and their large entries' files. The files that are gone; `None`
    /// when the entries were sharded again and every file stored.
    fn write_changed<E>(
        &mut self,
        dirty: &[u64],
        n: usize,
        put: &dyn Fn(String, Arc<str>) -> Result<(), E>,
    ) -> Result<Option<Vec<String>>, E> {
        let before = self.shards.len();
        let was_large: Vec<u64> = dirty.iter().copied().filter(|g| self.large.contains_key(g)).collect();
        self.write_entries(dirty);
        let (count, rebuilt) = self.reshard(dirty);
        if count != before {
            return self.put_all(count, n, put).map(|()| None);
        }
        put(META.into(), meta(count, n))?;
        for k in rebuilt {
            put(format!("search/g{k}.js"), Arc::clone(&self.files[k]))?;
        }
        for g in dirty {
            if let Some(file) = self.large.get(g) {
                put(format!("search/{}.js", large_name(*g)), Arc::clone(file))?;
            }
        }
        let gone = was_large.into_iter().filter(|g| !self.large.contains_key(g));
        Ok(Some(gone.map(|g| format!("search/{}.js", large_name(g))).collect()))
    }

    /// Writes again the shard entries of the grams `dirty` (sorted), from their postings.
    fn write_entries(&mut self, dirty: &[u64]) {
        for &g in dirty {
            if let Some(old) = self.entries.remove(&g) {
                self.total -= old.len() + 1;
            }
            if let Some([all, head]) = self.postings.get(&g) {
                let text = crate::base::escape::json(&gram_text(g));
                let mut entry = format!("{text}:[\"{all}\"");
                if !head.is_empty() {
                    let _ = write!(entry, ",\"{head}\"");
                }
                entry.push(']');
                self.total += entry.len() + 1;
                self.entries.insert(g, entry);
            }
        }
    }

    /// Shards the entries again when their size asks for another number of shards, else moves
    /// the grams `dirty` in or out of theirs; makes the files of the shards that changed.
    /// Returns the number of shards.
    fn reshard(&mut self, dirty: &[u64]) -> (usize, Vec<usize>) {
        let target = if self.shard_bytes == 0 { SHARD_BYTES } else { self.shard_bytes };
        let count = self.total.div_ceil(target).clamp(1, MAX_SHARDS);
        let rebuilt: Vec<usize> = if count != self.shards.len() {
            self.shards = vec![Default::default(); count];
            for &g in self.entries.keys() {
                self.shards[gram_hash(g) as usize % count].insert(g);
            }
            self.files = vec![Arc::from(""); count];
            self.large.clear();
            (0..count).collect()
        } else {
            let mut touched: Vec<usize> = dirty.iter().map(|&g| gram_hash(g) as usize % count).collect();
            for &g in dirty {
                self.large.remove(&g);
                let shard = &mut self.shards[gram_hash(g) as usize % count];
                if self.entries.contains_key(&g) {
                    shard.insert(g);
                } else {
                    shard.remove(&g);
                }
            }
            touched.sort_unstable();
            touched.dedup();
            touched
        };
        for &k in &rebuilt {
            let mut file = format!("CLAUSEBOOK_SEARCH_SHARD({k},{{");
            for (j, &g) in self.shards[k].iter().enumerate() {
                if j > 0 {
                    file.push(',');
                }
                let entry = &self.entries[&g];
                // Half a shard: a shard holds at most one such entry's worth of others' grams.
                if entry.len() <= target / 2 {
                    file.push_str(entry);
                    continue;
                }
                // `"联合":[…]`: the gram's JSON text, then its postings (its file made again only
                // when they changed: one kept is the same allocation, compared unread).
                let name = crate::base::escape::json(&gram_text(g)).len();
                let id = large_name(g);
                let _ = write!(file, "{}:\"{id}\"", &entry[..name]);
                self.large
                    .entry(g)
                    .or_insert_with(|| format!("CLAUSEBOOK_SEARCH_ENTRY(\"{id}\",{});\n", &entry[name + 1..]).into());
            }
            file.push_str("});\n");
            self.files[k] = file.into();
        }
        (count, rebuilt)
    }

    /// Applies `edits` (gram, clause, added) to the postings; returns the grams whose postings
    /// changed.
    fn edit(&mut self, mut edits: Vec<(u64, u32, bool)>) -> Vec<u64> {
        edits.sort_unstable();
        let mut changed = Vec::new();
        for group in edits.chunk_by(|a, b| a.0 == b.0) {
            let g = group[0].0;
            let key = g & !HEAD;
            let lists = self.postings.entry(key).or_default();
            let list = &mut lists[usize::from(g & HEAD != 0)];
            let mut clauses = decode(list);
            for &(_, i, added) in group {
                match (added, clauses.binary_search(&i)) {
                    (true, Err(at)) => clauses.insert(at, i),
                    (false, Ok(at)) => {
                        clauses.remove(at);
                    }
                    _ => {}
                }
            }
            *list = encode(&clauses);
            if lists.iter().all(String::is_empty) {
                self.postings.remove(&key);
            }
            changed.push(key);
        }
        changed
    }
}

/// The edits that take clause `i`'s grams from `old` to `new` (both sorted): `(gram, i, added)`.
fn diff(i: u32, old: &[u64], new: &[u64], edits: &mut Vec<(u64, u32, bool)>) {
    let (mut a, mut b) = (0, 0);
    loop {
        match (old.get(a), new.get(b)) {
            (Some(&o), Some(&n)) if o == n => {
                a += 1;
                b += 1;
            }
            (Some(&o), Some(&n)) if n < o => {
                edits.push((n, i, true));
                b += 1;
            }
            (Some(&o), _) => {
                edits.push((o, i, false));
                a += 1;
            }
            (None, Some(&n)) => {
                edits.push((n, i, true));
                b += 1;
            }
            (None, None) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files an index stores for clauses of these texts (head `第i条`), kept in `index` with
    /// the texts' hashes as keys.
    fn files_of(index: &mut SearchIndex, texts: &[&str], keep: bool) -> std::collections::BTreeMap<String, Arc<str>> {
        let keys: Vec<Option<u64>> = texts.iter().map(|t| Some(crate::base::memo::hash_of(t))).collect();
        let entry = |i: usize| {
            let grams = clause_grams([&format!("第{i}条"), ""], [texts[i], ""]);
            (Arc::from(crate::base::escape::json(&texts[i])), grams)
        };
        let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
        let put = |path: String, text: Arc<str>| {
            files.lock().unwrap().insert(path, text);
            Ok::<_, ()>(())
        };
        index.update(&keys, keep, &entry, &put).unwrap();
        files.into_inner().unwrap()
    }

    fn view(t: &[String]) -> Vec<&str> {
        t.iter().map(String::as_str).collect()
    }

    #[test]
    fn an_edit_updates_the_kept_index_to_what_a_fresh_build_makes() {
        let mut texts: Vec<String> = (0..40).map(|i| format!("双方联合审批第{i}号事项 budget")).collect();
        let mut kept = SearchIndex::default();
        assert_eq!(
            files_of(&mut kept, &view(&texts), true),
            files_of(&mut SearchIndex::default(), &view(&texts), false)
        );
        // An edit adds grams (保密, Budget's case does not count) and removes others (审批).
        texts[7] = "双方联合保密 BUDGET".into();
        texts[31] = String::new();
        let fresh = files_of(&mut SearchIndex::default(), &view(&texts), false);
        assert_eq!(files_of(&mut kept, &view(&texts), true), fresh);
        assert!(fresh["search/d1.js"].contains("保密"));
        // Clauses added: renumbered, so built afresh.
        texts.push("新增条款".into());
        let fresh = files_of(&mut SearchIndex::default(), &view(&texts), false);
        assert_eq!(files_of(&mut kept, &view(&texts), true), fresh);
        assert_eq!(fresh.keys().filter(|k| k.starts_with("search/d")).count(), 11);
    }

    #[test]
    fn an_entry_larger_than_a_shard_has_a_file_its_shard_names_and_an_edit_keeps_it_so() {
        // 联合 in every other clause: its postings are long runs of gaps.
        let mut texts: Vec<String> =
            (0..400).map(|i| if i % 2 == 0 { format!("联合{i}") } else { format!("单独{i}") }).collect();
        let small = || SearchIndex { shard_bytes: 256, ..SearchIndex::default() };
        let mut kept = small();
        let files = files_of(&mut kept, &view(&texts), true);
        assert_eq!(files, files_of(&mut small(), &view(&texts), false));
        let shard = files.iter().find(|(p, f)| p.starts_with("search/g") && f.contains("\"联合\":\"e")).unwrap();
        let name = shard.1.split("\"联合\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let own = &files[&format!("search/{name}.js")];
        assert!(own.starts_with(&format!("CLAUSEBOOK_SEARCH_ENTRY(\"{name}\",[\"0,1,1")), "{own}");
        assert!(!shard.1.contains(",1,1,1"), "the shard holds no long postings: {}", shard.1);
        // Left in two clauses only, 联合 goes back into its shard and its file is gone.
        for (i, t) in texts.iter_mut().enumerate().skip(4) {
            *t = format!("单独{i}");
        }
        let fresh = files_of(&mut small(), &view(&texts), false);
        assert_eq!(files_of(&mut kept, &view(&texts), true), fresh);
        assert!(!fresh.contains_key(&format!("search/{name}.js")));
        assert!(fresh.values().any(|f| f.contains("\"联合\":[\"0,1\"")), "{fresh:?}");
    }

    #[test]
    fn postings_are_runs_in_base_36() {
        assert_eq!(encode(&(0..10_000).collect::<Vec<_>>()), "0.7pr");
        for list in [vec![], vec![0], vec![3, 7, 8], vec![5, 6, 7, 100, 101, 4000], (0..10_000).collect()] {
            assert_eq!(decode(&encode(&list)), list);
        }
        assert_eq!(encode(&[3, 7, 8]), "3,3.1");
        assert_eq!(encode(&[0, 40]), "0,13");
        assert_eq!(encode(&[]), "");
    }
}
