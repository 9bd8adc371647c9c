//! The index of several sites' clauses, one site's after another's (a portfolio's portal: every
//! agreement's release in force), made from the sites' own indexes rather than from their texts:
//! a gram's postings are each site's postings of it, shifted by the clauses of the sites before.
//! Nothing is read but the sites' shards (a tenth of their blocks' bytes), no text is cut into
//! grams again, and the clauses' texts stay in each site's own blocks, which the portal's search
//! page loads from there. The postings, and so the shards, are those an index of the same clauses'
//! texts would have.

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use super::grams::gram_of;
use super::{GramMap, META, Runs, SearchIndex, large_name};

/// A site's own index as read back from its files: how many clauses, how many a block of texts
/// holds, and each gram's postings as written (runs: in any field, in the number or title), by
/// the shard that holds the gram.
#[derive(Debug, PartialEq)]
pub struct Postings {
    /// How many clauses the site's index has.
    pub docs: usize,
    /// How many clauses a block of its texts holds.
    pub block: usize,
    shards: Vec<Arc<Shard>>,
}

/// One shard of a site's index as read: a key of its file's text (and of the files of its large
/// entries), and its grams' postings.
#[derive(Debug, PartialEq)]
struct Shard {
    key: u64,
    /// The large entries' files: name, and a key of the text.
    large: Vec<(String, u64)>,
    grams: GramMap<[Box<str>; 2]>,
}

/// A gram's value in a shard: its postings, or the name of the file that holds them.
enum Stored {
    Lists(Vec<String>),
    Large(String),
}

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Stored;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a gram's postings or the name of their file")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Stored, E> {
                Ok(Stored::Large(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stored, A::Error> {
                let mut lists = Vec::new();
                while let Some(list) = seq.next_element::<String>()? {
                    lists.push(list);
                }
                Ok(Stored::Lists(lists))
            }
        }
        d.deserialize_any(Either)
    }
}

/// A key of a file's text.
fn key_of(text: &str) -> u64 {
    crate::base::memo::hash_of(text)
}

/// Whether a file of a site's index may have changed since it was last read.
pub type Since<'a> = &'a dyn Fn(&str) -> bool;

impl Postings {
    /// Reads a site's index through `read` (a file's text by its path in the site); `None` when a
    /// file is missing or not as [`SearchIndex`] writes it, or names a clause the index has not.
    /// The shards of `before` (the same site's, read earlier, with what says whether a file may
    /// have changed since) whose files are unchanged are taken as they were, unread.
    pub fn read(read: &dyn Fn(&str) -> Option<String>, before: Option<(&Postings, Since<'_>)>) -> Option<Postings> {
        let meta = super::Meta::read(&read(META)?)?;
        let before = before.filter(|(b, _)| b.docs == meta.docs && b.shards.len() == meta.shards);
        let mut shards = Vec::with_capacity(meta.shards);
        for k in 0..meta.shards {
            let file = format!("search/g{k}.js");
            let old = before.map(|(b, changed)| (&b.shards[k], changed));
            if let Some((shard, changed)) = old
                && !changed(&file)
                && !shard.large.iter().any(|(name, _)| changed(&large_file(name)))
            {
                shards.push(Arc::clone(shard));
                continue;
            }
            let text = read(&file)?;
            let key = key_of(&text);
            let kept = old.map(|(s, _)| s).filter(|s| {
                s.key == key
                    && s.large.iter().all(|(name, key)| read(&large_file(name)).is_some_and(|t| key_of(&t) == *key))
            });
            shards.push(match kept {
                Some(shard) => Arc::clone(shard),
                None => Arc::new(Shard::read(k, meta.shards, &text, key, read, meta.docs)?),
            });
        }
        Some(Postings { docs: meta.docs, block: meta.block, shards })
    }

    /// Gram `g`'s lists, when the site has it.
    fn get(&self, g: u64) -> Option<&[Box<str>; 2]> {
        let shard = self.shards.get(super::grams::gram_hash(g) as usize % self.shards.len().max(1))?;
        shard.grams.get(&g)
    }

    /// Every gram and its lists.
    fn grams(&self) -> impl Iterator<Item = (u64, &[Box<str>; 2])> {
        self.shards.iter().flat_map(|s| s.grams.iter().map(|(g, lists)| (*g, lists)))
    }
}

/// The script of a large entry's file, by its name.
fn large_file(name: &str) -> String {
    format!("search/{name}.js")
}

impl Shard {
    /// Shard `k` (of `count`) of an index of `docs` clauses, whose file's text is `text` (with the
    /// key `key`), its large entries read through `read`.
    fn read(
        k: usize,
        count: usize,
        text: &str,
        key: u64,
        read: &dyn Fn(&str) -> Option<String>,
        docs: usize,
    ) -> Option<Shard> {
        let json = text.strip_prefix(&format!("CLAUSEBOOK_SEARCH_SHARD({k},"))?.trim_end().strip_suffix(");")?;
        let stored: std::collections::HashMap<String, Stored> = serde_json::from_str(json).ok()?;
        let mut shard = Shard { key, large: Vec::new(), grams: GramMap::default() };
        for (text, stored) in stored {
            let g = gram_of(&text).filter(|&g| super::grams::gram_hash(g) as usize % count == k)?;
            let lists = match stored {
                Stored::Lists(lists) => lists,
                Stored::Large(name) if name == large_name(g) => {
                    let file = read(&large_file(&name))?;
                    let json = file
                        .strip_prefix(&format!("CLAUSEBOOK_SEARCH_ENTRY(\"{name}\","))?
                        .trim_end()
                        .strip_suffix(");")?;
                    let lists = serde_json::from_str(json).ok()?;
                    shard.large.push((name, key_of(&file)));
                    lists
                }
                Stored::Large(_) => return None,
            };
            shard.grams.insert(g, lists_of(lists, docs)?);
        }
        Some(shard)
    }
}

/// A gram's lists (in any field, and in the number or title when it is there), each of
/// well-formed runs of clauses below `docs`.
fn lists_of(lists: Vec<String>, docs: usize) -> Option<[Box<str>; 2]> {
    let mut lists = lists.into_iter();
    let (all, head) = (lists.next()?, lists.next().unwrap_or_default());
    let below = |list: &str| Runs::end_of(list).is_some_and(|end| end.is_none_or(|e| (e as usize) < docs));
    (lists.next().is_none() && !all.is_empty() && below(&all) && below(&head)).then(|| [all.into(), head.into()])
}

/// Postings merged from sites, one after another.
#[derive(Default)]
pub struct Merged {
    fresh: GramMap<[Runs; 2]>,
    docs: u32,
}

impl Merged {
    /// Adds the site of `part` after those added before.
    pub fn add(&mut self, part: &Postings) {
        for (g, lists) in part.grams() {
            let runs = self.fresh.entry(g).or_default();
            for (runs, list) in runs.iter_mut().zip(lists) {
                runs.append(list, self.docs);
            }
        }
        self.docs += part.docs as u32;
    }

    /// Writes the index of the sites added through `put`, as [`super::write_docs`] would write that
    /// of their clauses.
    pub fn write<E>(self, put: &dyn Fn(String, Arc<str>) -> Result<(), E>) -> Result<(), E> {
        let mut index = SearchIndex::portfolio();
        index.postings = self.fresh.into_iter().map(|(g, [all, head])| (g, [all.finish(), head.finish()])).collect();
        let all: Vec<u64> = index.postings.keys().copied().collect();
        index.write_all(&all, self.docs as usize, put)
    }
}

impl SearchIndex {
    /// Brings an editing session's index of several sites up to date with their postings
    /// `parts` (in order), through `put`: while each has as many clauses as before, only the
    /// grams of the sites whose postings changed are merged again, and only the files they
    /// changed stored. The files that are gone since the last merge; `None` when every file was
    /// stored (the last merge's files not among them are gone).
    pub fn merge<E>(
        &mut self,
        parts: &[Arc<Postings>],
        put: &dyn Fn(String, Arc<str>) -> Result<(), E>,
    ) -> Result<Option<Vec<String>>, E> {
        let alike = self.parts.len() == parts.len() && self.parts.iter().zip(parts).all(|(a, b)| a.docs == b.docs);
        if !alike || parts.is_empty() {
            let mut merged = Merged::default();
            parts.iter().for_each(|p| merged.add(p));
            *self = SearchIndex { parts: parts.to_vec(), ..SearchIndex::portfolio() };
            self.postings =
                merged.fresh.into_iter().map(|(g, [all, head])| (g, [all.finish(), head.finish()])).collect();
            let all: Vec<u64> = self.postings.keys().copied().collect();
            return self.write_all(&all, merged.docs as usize, put).map(|()| None);
        }
        let mut dirty = Vec::new();
        for (old, new) in self.parts.iter().zip(parts).filter(|(old, new)| !Arc::ptr_eq(old, new)) {
            if old.shards.len() != new.shards.len() {
                dirty.extend(old.grams().chain(new.grams()).map(|(g, _)| g));
                continue;
            }
            for (old, new) in old.shards.iter().zip(&new.shards).filter(|(old, new)| !Arc::ptr_eq(old, new)) {
                dirty.extend(new.grams.iter().filter(|(g, lists)| old.grams.get(g) != Some(lists)).map(|(g, _)| *g));
                dirty.extend(old.grams.keys().filter(|g| !new.grams.contains_key(g)));
            }
        }
        dirty.sort_unstable();
        dirty.dedup();
        for &g in &dirty {
            let mut runs: [Runs; 2] = Default::default();
            let mut offset = 0;
            for part in parts {
                if let Some(lists) = part.get(g) {
                    runs.iter_mut().zip(lists).for_each(|(runs, list)| runs.append(list, offset));
                }
                offset += part.docs as u32;
            }
            let [all, head] = runs.map(Runs::finish);
            if all.is_empty() {
                self.postings.remove(&g);
            } else {
                self.postings.insert(g, [all, head]);
            }
        }
        self.parts = parts.to_vec();
        let docs = parts.iter().map(|p| p.docs).sum();
        self.write_changed(&dirty, docs, put)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// The files of an index of `docs` (number, title, text), as a one-off build writes it.
    fn index_of(docs: &[(&str, &str, &str)], shard_bytes: usize) -> BTreeMap<String, String> {
        let files = Mutex::new(BTreeMap::new());
        let mut index = SearchIndex { shard_bytes, ..SearchIndex::default() };
        let entry = |i: usize| {
            let (n, t, x) = docs[i];
            let doc = super::super::SearchDoc {
                n: n.into(),
                t: t.into(),
                u: format!("clauses/{i}.html").into(),
                x: x.into(),
                m: "".into(),
            };
            let (file, grams) = doc.entry();
            (Arc::from(file), grams)
        };
        let put = |path: String, text: Arc<str>| -> Result<(), ()> {
            files.lock().unwrap().insert(path, text.to_string());
            Ok(())
        };
        index.update(&vec![None; docs.len()], false, &entry, &put).unwrap();
        files.into_inner().unwrap()
    }

    fn shards(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        files.iter().filter(|(p, _)| !p.starts_with("search/d")).map(|(p, t)| (p.clone(), t.clone())).collect()
    }

    fn postings(files: &BTreeMap<String, String>) -> Option<Postings> {
        Postings::read(&|path| files.get(path).cloned(), None)
    }

    const A: &[(&str, &str, &str)] =
        &[("第1条", "目的", "联合审批 甲方"), ("第2条", "范围", "数据共享"), ("第3条", "联合", "甲乙")];
    const B: &[(&str, &str, &str)] = &[("第1条", "联合", "审批"), ("第2条", "保密", "联合 abc")];

    #[test]
    fn merged_postings_make_the_shards_an_index_of_the_texts_makes() {
        let whole: Vec<_> = A.iter().chain(B).copied().collect();
        let expected = shards(&index_of(&whole, super::super::PORTFOLIO_SHARD_BYTES));
        let mut merged = Merged::default();
        // Shards so small that most entries have a file of their own.
        let a = index_of(A, 8);
        assert!(a.keys().any(|p| p.starts_with("search/e")));
        merged.add(&postings(&a).unwrap());
        merged.add(&postings(&index_of(B, 0)).unwrap());
        let files = Mutex::new(BTreeMap::new());
        merged
            .write(&|path, text: Arc<str>| -> Result<(), ()> {
                files.lock().unwrap().insert(path, text.to_string());
                Ok(())
            })
            .unwrap();
        assert_eq!(files.into_inner().unwrap(), expected);
    }

    #[test]
    fn shards_whose_files_are_unchanged_are_taken_from_the_last_read() {
        let files = index_of(A, 40);
        let first = postings(&files).unwrap();
        assert!(first.shards.len() > 1);
        let again = Postings::read(&|path| files.get(path).cloned(), Some((&first, &|_| true))).unwrap();
        assert!(first.shards.iter().zip(&again.shards).all(|(a, b)| Arc::ptr_eq(a, b)));
        // Another text in one shard: that shard alone is read again, as if read afresh.
        let a2 = index_of(&[A[0], A[1], ("第3条", "联合", "甲丙")], 40);
        let changed = Postings::read(&|path| a2.get(path).cloned(), Some((&first, &|_| true))).unwrap();
        assert_eq!(changed, postings(&a2).unwrap());
        let kept = first.shards.iter().zip(&changed.shards).filter(|(a, b)| Arc::ptr_eq(a, b)).count();
        assert!(kept > 0 && kept < first.shards.len(), "{kept} of {}", first.shards.len());
    }

    /// A `put` that stores into `files`.
    fn into(files: &Mutex<BTreeMap<String, String>>) -> impl Fn(String, Arc<str>) -> Result<(), ()> + '_ {
        |path, text| {
            files.lock().unwrap().insert(path, text.to_string());
            Ok(())
        }
    }

    #[test]
    fn a_merge_after_an_edit_stores_only_what_changed_and_says_what_is_gone() {
        let (a, b) = (Arc::new(postings(&index_of(A, 0)).unwrap()), Arc::new(postings(&index_of(B, 0)).unwrap()));
        let mut index = SearchIndex::default();
        let files = Mutex::new(BTreeMap::new());
        assert_eq!(index.merge(&[Arc::clone(&a), Arc::clone(&b)], &into(&files)), Ok(None));
        // Shards so small that every entry has a file of its own: sharded again, every file
        // stored (and the last merge's others gone).
        index.shard_bytes = 8;
        let files = Mutex::new(BTreeMap::new());
        assert_eq!(index.merge(&[Arc::clone(&a), Arc::clone(&b)], &into(&files)), Ok(None));
        let mut files = files.into_inner().unwrap();
        assert!(files.keys().any(|p| p.starts_with("search/e")));
        // One clause of B edited ("abc" gone, "xyz" new): its grams' files, the table and their
        // shards are stored; "abc"'s files are gone.
        let b2 = Arc::new(postings(&index_of(&[B[0], ("第2条", "保密", "联合 xyz")], 0)).unwrap());
        let written = Mutex::new(BTreeMap::new());
        let gone = index.merge(&[Arc::clone(&a), Arc::clone(&b2)], &into(&written)).unwrap().expect("what changed");
        let written = written.into_inner().unwrap();
        assert!(!gone.is_empty() && written.len() < files.len() / 2, "{} of {}", written.len(), files.len());
        for path in &gone {
            assert!(files.remove(path).is_some(), "{path}");
        }
        files.extend(written);
        // As every file of a merge made afresh at the same size.
        let mut fresh = SearchIndex::default();
        let all = Mutex::new(BTreeMap::new());
        fresh.merge(&[Arc::clone(&a), Arc::clone(&b2)], &into(&all)).unwrap();
        fresh.shard_bytes = 8;
        let all = Mutex::new(BTreeMap::new());
        fresh.merge(&[a, b2], &into(&all)).unwrap();
        assert_eq!(files, all.into_inner().unwrap());
    }

    #[test]
    fn an_index_that_names_a_clause_it_has_not_or_a_file_outside_is_refused() {
        let files = index_of(A, 0);
        assert!(postings(&files).is_some());
        let mut bad = files.clone();
        bad.insert(META.into(), "window.CLAUSEBOOK_SEARCH_META = {\"shards\":1,\"docs\":1,\"block\":4};\n".into());
        assert_eq!(postings(&bad), None, "clause 2 of an index of 1");
        let mut outside = files.clone();
        let shard = outside["search/g0.js"].replacen(":[\"", ":\"../../x\",\"ignored\":[\"", 1);
        outside.insert("search/g0.js".into(), shard);
        assert_eq!(postings(&outside), None);
        let mut missing = files;
        missing.remove("search/g0.js");
        assert_eq!(postings(&missing), None);
    }
}
