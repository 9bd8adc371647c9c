//! Memoization shared by the stages that keep work between runs (rendering, rules): values by
//! key, forgotten when a sweep finds them unused since the previous one.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// Keys are already hashes ([`hash_of`]): the map uses them as they are.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Values by key (a [`hash_of`] what they depend on), each remembering the last sweep it was used
/// after. Lookups from many threads share a read lock.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    map: RwLock<HashMap<u64, (V, AtomicU64), BuildHasherDefault<KeyHasher>>>,
    generation: AtomicU64,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { map: RwLock::default(), generation: AtomicU64::new(0) }
    }
}

impl<V: Clone> Memo<V> {
    /// The value kept under `key`, else what `make` makes (kept for next time).
    pub(crate) fn get_or<E>(&self, key: u64, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(value) = self.get(key) {
            return Ok(value);
        }
        let value = make()?;
        self.insert(key, value.clone());
        Ok(value)
    }

    /// The value kept under `key`, if any.
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        let map = self.map.read().ok()?;
        let (value, used) = map.get(&key)?;
        used.store(self.generation.load(Ordering::Relaxed), Ordering::Relaxed);
        Some(value.clone())
    }

    /// Keeps `value` under `key`.
    pub(crate) fn insert(&self, key: u64, value: V) {
        let now = self.generation.load(Ordering::Relaxed);
        if let Ok(mut map) = self.map.write() {
            map.insert(key, (value, AtomicU64::new(now)));
        }
    }

    /// Drops what was not used since the last sweep.
    pub(crate) fn sweep(&self) {
        let now = self.generation.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut map) = self.map.write() {
            map.retain(|_, (_, used)| used.load(Ordering::Relaxed) == now);
        }
    }
}

/// Either the value kept in `memo` under `key`, or (without a cache or key) a fresh one.
pub(crate) fn kept<V: Clone, E>(
    memo: Option<&Memo<V>>,
    key: Option<u64>,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<V, E> {
    match memo.zip(key) {
        Some((memo, key)) => memo.get_or(key, make),
        None => make(),
    }
}

/// What one run made at each position (each clause), with the key it was made under: the next
/// run takes a value back while its position's key is the same, by index, with no lookup in a
/// map shared by every thread (whose lock, taken for each of tens of thousands of values, cost
/// more than the values' keys). Rows are kept by a key of what they hold (a page type, a file).
pub(crate) struct Rows<V> {
    rows: Memo<Row<V>>,
}

/// A row as kept: each position's key and value, if it has one.
type Row<V> = Arc<Vec<Option<(u64, V)>>>;

impl<V> Default for Rows<V> {
    fn default() -> Self {
        Rows { rows: Memo::default() }
    }
}

impl<V> std::fmt::Debug for Rows<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rows")
    }
}

impl<V: Clone> Rows<V> {
    /// A row of `len` positions to fill, starting from the row kept under `row`.
    pub(crate) fn start(&self, row: u64, len: usize) -> Filling<V> {
        Filling { row, last: self.rows.get(row), new: (0..len).map(|_| OnceLock::new()).collect() }
    }

    /// Keeps what `filling` was filled with, for the next run.
    pub(crate) fn keep(&self, filling: Filling<V>) {
        let row = filling.new.into_iter().map(OnceLock::into_inner).collect();
        self.rows.insert(filling.row, Arc::new(row));
    }

    /// Drops the rows not used since the last sweep.
    pub(crate) fn sweep(&self) {
        self.rows.sweep();
    }
}

/// One run's row while it is made, position by position, from any thread.
pub(crate) struct Filling<V> {
    row: u64,
    last: Option<Row<V>>,
    new: Vec<OnceLock<(u64, V)>>,
}

impl<V: Clone> Filling<V> {
    /// The value at `i` under `key`: the last run's while its key there was the same, else what
    /// `make` makes; kept at `i` for the next run (nothing is kept without a key).
    pub(crate) fn get_or<E>(&self, i: usize, key: Option<u64>, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        let Some(key) = key else { return make() };
        let value = match self.last(i, key) {
            Some(v) => v,
            None => make()?,
        };
        self.put(i, key, value.clone());
        Ok(value)
    }

    /// The last run's value at `i`, if its key there was `key`.
    pub(crate) fn last(&self, i: usize, key: u64) -> Option<V> {
        let last = self.last.as_ref().and_then(|l| l.get(i)?.as_ref()).filter(|(k, _)| *k == key);
        last.map(|(_, v)| v.clone())
    }

    /// Keeps `value`, made under `key`, at `i` for the next run.
    pub(crate) fn put(&self, i: usize, key: u64, value: V) {
        if let Some(slot) = self.new.get(i) {
            let _ = slot.set((key, value));
        }
    }
}

/// A hash of `value`.
pub(crate) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_keeps_what_was_used_since_the_last_one() {
        let memo: Memo<&str> = Memo::default();
        memo.insert(1, "used");
        memo.insert(2, "unused");
        memo.sweep();
        assert_eq!(memo.get(1), Some("used"), "what was made since the last sweep stays");
        memo.sweep();
        assert_eq!(memo.get(2), None, "2 was not used since the first sweep");
        memo.sweep();
        assert_eq!(memo.get(1), None, "1 was not used since the second sweep");
        assert_eq!(memo.get_or(3, || Ok::<_, ()>("made")), Ok("made"));
        assert_eq!(memo.get_or(3, || Err(())), Ok("made"), "made once");
    }
}
