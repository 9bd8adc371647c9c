//! The hasher of maps keyed by the project's own ids and paths.

/// The hasher of [`Lookup`](crate::base::model::Lookup)'s maps: FxHash (a multiply and a rotate per word, as rustc uses).
/// The index is built several times per build of every clause, and SipHash over paths (which
/// hash component by component) made it a tenth of a rebuild's time; ids and paths come from
/// the project's own files, so there is no one to mount a collision attack.
pub type Fast = std::hash::BuildHasherDefault<FxHasher>;

/// FxHash.
#[derive(Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
