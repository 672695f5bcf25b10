//! Finding where a JSON string ends, 64 bytes at a time: shared by the HAR reader (bodies it
//! does not read) and the sanitizer (values it drops).
//!
//! A streamed chat reply stored in a HAR has an escape every few bytes (`\"` around each SSE
//! line's keys, `\n` between lines). A reader that stops at each backslash spends most of a
//! chat-heavy file there. This one builds, per 64-byte block, the bit masks of quotes and
//! backslashes (eight bytes at a time, SWAR: no `unsafe`, and it compiles to the same 64-bit
//! integer code for wasm32) and marks the escaped bytes with carry arithmetic (the odd-length
//! backslash runs, as simdjson does), so the first unescaped quote is found without a branch per
//! escape. It checks nothing else: control characters, escape letters and UTF-8 inside the
//! string are not looked at (see `docs/speed.md` for where that is allowed).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const EVEN_BITS: u64 = 0x5555_5555_5555_5555;

/// The high bit of each byte of `v` that equals `c`, exactly.
#[inline(always)]
fn eq_mask(v: u64, c: u8) -> u64 {
    let t = v ^ (ONES * u64::from(c));
    !(((t & !HIGHS) + !HIGHS) | t) & HIGHS
}

/// Byte `k`'s high bit in `m` becomes bit `k` of the result.
#[inline(always)]
fn compress(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The quote and backslash masks of a 64-byte block: bit `k` for byte `k`.
#[inline(always)]
fn block_masks(block: &[u8; 64]) -> (u64, u64) {
    let mut quotes = 0u64;
    let mut slashes = 0u64;
    for (k, w) in block.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let v = u64::from_le_bytes(word);
        quotes |= compress(eq_mask(v, b'"')) << (8 * k);
        slashes |= compress(eq_mask(v, b'\\')) << (8 * k);
    }
    (quotes, slashes)
}

/// A resumable search for a string's closing quote: holds whether the next byte is escaped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StringEnd {
    /// The last byte seen was a backslash that escapes the next one.
    escaped: bool,
}

impl StringEnd {
    /// A search that starts just after a string's opening quote (or after an escape's
    /// backslash, with `escaped`).
    pub(crate) fn new(escaped: bool) -> StringEnd {
        StringEnd { escaped }
    }

    /// Whether the bytes given so far ended on an escaping backslash.
    pub(crate) fn escaped(self) -> bool {
        self.escaped
    }

    /// Searches `b` (the string's inside, or its continuation) for the closing quote: its
    /// index, or None when `b` ends first (the state then carries into the next call).
    pub(crate) fn find(&mut self, b: &[u8]) -> Option<usize> {
        let mut at = 0usize;
        let mut carry = u64::from(self.escaped);
        loop {
            let rest = b.get(at..).unwrap_or_default();
            let (quotes, slashes, len) = match rest.get(..64) {
                Some(block) => {
                    let mut a = [0u8; 64];
                    a.copy_from_slice(block);
                    let (q, s) = block_masks(&a);
                    (q, s, 64)
                }
                None if rest.is_empty() => {
                    self.escaped = carry != 0;
                    return None;
                }
                None => {
                    // The last bytes: padded with zeros, which are neither quote nor backslash.
                    let mut a = [0u8; 64];
                    a.get_mut(..rest.len())
                        .unwrap_or_default()
                        .copy_from_slice(rest);
                    let (q, s) = block_masks(&a);
                    (q, s, rest.len())
                }
            };
            // Which bytes a backslash escapes: the byte after each odd-length run.
            let slashes = slashes & !carry;
            let follows_escape = (slashes << 1) | carry;
            let odd_starts = slashes & !EVEN_BITS & !follows_escape;
            let (even_runs, overflow) = odd_starts.overflowing_add(slashes);
            let escaped = (EVEN_BITS ^ (even_runs << 1)) & follows_escape;
            let open = quotes & !escaped;
            if open != 0 {
                return Some(at + open.trailing_zeros() as usize);
            }
            if len < 64 {
                // A partial block: the padding's first byte tells whether the next call
                // starts escaped.
                self.escaped = (escaped >> len) & 1 != 0;
                return None;
            }
            carry = u64::from(overflow);
            at += 64;
        }
    }
}

/// The index of the closing quote of the string whose inside starts at `b[0]`, or None when
/// `b` ends first.
// Only the HAR reader asks for the end alone; the extension's module is built without it.
#[cfg_attr(all(target_arch = "wasm32", not(feature = "har")), allow(dead_code))]
pub(crate) fn string_end(b: &[u8]) -> Option<usize> {
    StringEnd::new(false).find(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain answer, one byte at a time.
    fn slow(b: &[u8], mut esc: bool) -> (Option<usize>, bool) {
        for (k, &c) in b.iter().enumerate() {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                return (Some(k), false);
            }
        }
        (None, esc)
    }

    /// Every split of many strings (backslash runs of every length, quotes on block edges)
    /// gives the byte-at-a-time answer, with the state carried across the split.
    #[test]
    fn agrees_with_a_byte_at_a_time_search() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 200) as usize;
            let b: Vec<u8> = (0..len)
                .map(|_| match next() % 10 {
                    0..=3 => b'\\',
                    4 => b'"',
                    5 => b'n',
                    _ => b'a' + (next() % 26) as u8,
                })
                .collect();
            let esc0 = next() % 2 == 0;
            let want = slow(&b, esc0);
            let mut s = StringEnd::new(esc0);
            let got = s.find(&b);
            assert_eq!(got, want.0, "{:?} esc={esc0}", String::from_utf8_lossy(&b));
            if got.is_none() {
                assert_eq!(s.escaped(), want.1, "{:?}", String::from_utf8_lossy(&b));
            }
            // Split anywhere: the first part runs out, the second resumes.
            let cut = if len == 0 { 0 } else { (next() as usize) % len };
            let mut s = StringEnd::new(esc0);
            let got = match s.find(&b[..cut]) {
                Some(k) => Some(k),
                None => s.find(&b[cut..]).map(|k| k + cut),
            };
            assert_eq!(
                got,
                want.0,
                "split at {cut}: {:?}",
                String::from_utf8_lossy(&b)
            );
        }
    }
}
