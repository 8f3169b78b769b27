//! Deterministic ids (no rand crate): splitmix64 over a fixed seed.

pub(super) struct IdGen(pub(super) u64);

impl IdGen {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn pick(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                // The modulo bias is irrelevant for demo ids.
                let i = (self.next() % alphabet.len() as u64) as usize;
                char::from(alphabet[i])
            })
            .collect()
    }

    pub(super) fn alnum(&mut self, len: usize) -> String {
        self.pick(b"abcdefghijklmnopqrstuvwxyz0123456789", len)
    }

    pub(super) fn digits(&mut self, len: usize) -> String {
        self.pick(b"0123456789", len)
    }
}
