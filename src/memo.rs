//! Memoization shared by the stages that keep work between runs (rendering, rules): values by
//! key, forgotten when a sweep finds them unused since the previous one.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Values by key, each remembering the last sweep it was used after.
#[derive(Debug)]
pub(crate) struct Memo<K, V> {
    map: Mutex<HashMap<K, (V, u64)>>,
    generation: AtomicU64,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo { map: Mutex::new(HashMap::new()), generation: AtomicU64::new(0) }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The value kept under `key`, else what `make` makes (kept for next time).
    pub(crate) fn get_or<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(value) = self.get(&key) {
            return Ok(value);
        }
        let value = make()?;
        self.insert(key, value.clone());
        Ok(value)
    }

    /// The value kept under `key`, if any.
    pub(crate) fn get(&self, key: &K) -> Option<V> {
        let now = self.generation.load(Ordering::Relaxed);
        let mut map = self.map.lock().ok()?;
        let (value, used) = map.get_mut(key)?;
        *used = now;
        Some(value.clone())
    }

    /// Keeps `value` under `key`.
    pub(crate) fn insert(&self, key: K, value: V) {
        let now = self.generation.load(Ordering::Relaxed);
        if let Ok(mut map) = self.map.lock() {
            map.insert(key, (value, now));
        }
    }

    /// Drops what was not used since the last sweep.
    pub(crate) fn sweep(&self) {
        let now = self.generation.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, (_, used)| *used == now);
        }
    }
}

/// Either the value kept in `memo` under `key`, or (without a cache or key) a fresh one.
pub(crate) fn kept<K: Hash + Eq, V: Clone, E>(
    memo: Option<&Memo<K, V>>,
    key: Option<K>,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<V, E> {
    match memo.zip(key) {
        Some((memo, key)) => memo.get_or(key, make),
        None => make(),
    }
}

/// A hash of `value`.
pub(crate) fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
