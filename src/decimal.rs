//! Decimal numbers read from text exactly as `str::parse::<f64>` reads them, without core's
//! float-parsing code and tables.
//!
//! The engine reads a few numbers out of text (a `retry-after` value, `1m30s`, `2.5 minutes`, a
//! `resets_at` timestamp). Core's parser is built for speed on any input and brings about 10 KiB
//! of power-of-five tables (incompressible: a twentieth of the extension's gzipped wasm module)
//! and 4 KiB of code. Here a big-integer division does the same job for the few numbers a report
//! needs: the same grammar and the same correctly rounded value (ties to even), which the tests
//! check against `str::parse` on every kind of input, halfway cases included.

/// Parses `s` as `str::parse::<f64>` does, giving the same value: an optional sign, then `inf`,
/// `infinity` or `nan` (any case), or digits with an optional `.` (at least one digit in all) and
/// an optional exponent (`e` or `E`, an optional sign, digits). Nothing else, no blanks. None
/// where `str::parse` gives an error.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        let (digits, exp) = scan(rest.as_bytes())?;
        nearest(&digits, exp)
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// The most significant digits the value is computed from. Any midpoint between two adjacent
/// `f64`s has at most 767 significant digits, so digits past this only ever decide which side of
/// such a point the number is on, and one nonzero digit standing for all of them does that.
const MAX_DIGITS: usize = 800;

/// Exponents are clamped to this: far beyond where every value is zero or infinite, far within
/// `i64` (text is shorter than 2^40 bytes).
const EXP_LIMIT: i64 = 1 << 40;

/// The significant digits (0 to 9 each; no leading or trailing zero, empty for zero) and the
/// power of ten they are multiplied by, or None when `s` is not a number in `str::parse`'s
/// grammar (see [`parse_f64`]).
fn scan(s: &[u8]) -> Option<(Vec<u8>, i64)> {
    let digit_run = |from: usize| s[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let int_len = digit_run(0);
    let (frac_start, frac_len) = if s.get(int_len) == Some(&b'.') {
        (int_len + 1, digit_run(int_len + 1))
    } else {
        (int_len, 0)
    };
    if int_len + frac_len == 0 {
        return None;
    }
    let mut i = frac_start + frac_len;
    let mut exp: i64 = 0;
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let len = digit_run(i);
        if len == 0 {
            return None;
        }
        for &b in &s[i..i + len] {
            exp = (exp * 10 + i64::from(b - b'0')).min(EXP_LIMIT);
        }
        if negative {
            exp = -exp;
        }
        i += len;
    }
    if i != s.len() {
        return None;
    }
    let mut digits: Vec<u8> = s[..int_len]
        .iter()
        .chain(&s[frac_start..frac_start + frac_len])
        .map(|b| b - b'0')
        .skip_while(|&d| d == 0)
        .collect();
    exp -= i64::try_from(frac_len).unwrap_or(EXP_LIMIT).min(EXP_LIMIT);
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    Some((digits, exp))
}

/// The `f64` nearest to `digits` × 10^`exp` (ties to even); see [`scan`] for the digits.
fn nearest(digits: &[u8], exp: i64) -> f64 {
    if digits.is_empty() {
        return 0.0;
    }
    let n = i64::try_from(digits.len()).unwrap_or(EXP_LIMIT);
    // The value is at least 10^(n-1+exp) and below 10^(n+exp): 1e309 is past the largest f64,
    // 1e-325 below half the smallest.
    if n - 1 + exp >= 309 {
        return f64::INFINITY;
    }
    if n + exp <= -325 {
        return 0.0;
    }
    // Exact inputs and one exact operation: correctly rounded (Clinger's fast path).
    if n <= 15 && (-22..=22).contains(&exp) {
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let p = (0..exp.abs()).fold(1.0f64, |p, _| p * 10.0);
        return if exp < 0 { m / p } else { m * p };
    }
    let (mut num, mut exp) = if digits.len() > MAX_DIGITS {
        let mut num = Big::from_digits(&digits[..MAX_DIGITS]);
        num.mul_add(10, 1);
        (num, exp + n - 1 - MAX_DIGITS as i64)
    } else {
        (Big::from_digits(digits), exp)
    };
    let mut den = Big::from_digits(&[1]);
    while exp > 0 {
        num.mul_add(10, 0);
        exp -= 1;
    }
    while exp < 0 {
        den.mul_add(10, 0);
        exp += 1;
    }
    // b = floor(log2(num / den)), from the bit lengths and one comparison.
    let mut b = num.bits() as i64 - den.bits() as i64;
    if shifted_cmp(&num, &den, b) == std::cmp::Ordering::Less {
        b -= 1;
    }
    // The value as q × 2^e2 with q of 53 bits, or of fewer at the subnormal exponent.
    let mut e2 = (b - 52).max(-1074);
    if e2 < 0 {
        num.shl(e2.unsigned_abs() as usize);
    } else {
        den.shl(e2 as usize);
    }
    // q < 2^54; the remainder stays in `num`.
    let mut q: u64 = 0;
    let mut step = den.clone();
    step.shl(53);
    for bit in (0..54).rev() {
        if num.cmp(&step) != std::cmp::Ordering::Less {
            num.sub(&step);
            q |= 1 << bit;
        }
        step.shr1();
    }
    num.shl(1);
    match num.cmp(&den) {
        std::cmp::Ordering::Greater => q += 1,
        std::cmp::Ordering::Equal => q += q & 1,
        std::cmp::Ordering::Less => {}
    }
    if q >= 1 << 53 {
        q >>= 1;
        e2 += 1;
    }
    if q >= 1 << 52 {
        let biased = e2 + 52 + 1023;
        if biased >= 2047 {
            return f64::INFINITY;
        }
        f64::from_bits(((biased as u64) << 52) | (q - (1 << 52)))
    } else {
        f64::from_bits(q)
    }
}

/// `a` against `b` × 2^`shift` (`shift` may be negative: then `a` is shifted up instead).
fn shifted_cmp(a: &Big, b: &Big, shift: i64) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.clone(), b.clone());
    if shift >= 0 {
        b.shl(shift as usize);
    } else {
        a.shl(shift.unsigned_abs() as usize);
    }
    a.cmp(&b)
}

/// A natural number as little-endian 32-bit limbs, with no zero limb on top.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(Vec::new());
        for &d in digits {
            big.mul_add(10, u32::from(d));
        }
        big
    }

    /// self = self × m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bits(&self) -> usize {
        self.0
            .last()
            .map_or(0, |top| self.0.len() * 32 - top.leading_zeros() as usize)
    }

    fn shl(&mut self, n: usize) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = (n / 32, n % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let x = *limb;
                *limb = (x << bits) | carry;
                carry = x >> (32 - bits);
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn shr1(&mut self) {
        let mut carry = 0u32;
        for limb in self.0.iter_mut().rev() {
            let x = *limb;
            *limb = (x >> 1) | carry;
            carry = x << 31;
        }
        self.trim();
    }

    /// self -= other, where other ≤ self.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let x = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(x < 0);
            *limb = (x + (borrow << 32)) as u32;
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

// proptest is a native dev-dependency; what is tested is target-independent.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Our result and core's are the same number (bit for bit; any NaN matches any NaN), or both
    /// are errors.
    fn same(s: &str) {
        let ours = parse_f64(s);
        let core = s.parse::<f64>().ok();
        let eq = match (ours, core) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        };
        assert!(eq, "{s:?}: ours {ours:?}, core {core:?}");
    }

    /// The exact decimal expansion of `m` × 2^`e` (as digits and a power of ten).
    fn exact_decimal(m: u64, e: i64) -> String {
        let mut big = Big(vec![m as u32, (m >> 32) as u32]);
        big.trim();
        let mut pow10 = 0i64;
        if e >= 0 {
            big.shl(e as usize);
        } else {
            // m × 2^e = m × 5^-e × 10^e.
            for _ in 0..-e {
                big.mul_add(5, 0);
            }
            pow10 = e;
        }
        let mut digits = Vec::new();
        while !big.0.is_empty() {
            let mut rem = 0u64;
            for limb in big.0.iter_mut().rev() {
                let x = (rem << 32) | u64::from(*limb);
                *limb = (x / 10) as u32;
                rem = x % 10;
            }
            big.trim();
            digits.push(b'0' + rem as u8);
        }
        digits.reverse();
        format!("{}e{pow10}", String::from_utf8(digits).unwrap())
    }

    #[test]
    fn grammar_and_edges_match_core() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.2.3",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "..1",
            "1..",
            "+-1",
            "--1",
            "1e5.0",
            "inf",
            "-inf",
            "+INF",
            "Infinity",
            "-infinity",
            "infinit",
            "infinityx",
            "nan",
            "NaN",
            "-nan",
            "+NAN",
            "nana",
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.0",
            ".5",
            "5.",
            "-.5",
            "5.e3",
            ".5e-3",
            "007",
            "0.000",
            "00.100e1",
            "1e0",
            "1E+2",
            "1e-2",
            "2.5",
            "1.5",
            "120",
            "86400",
            "1700000000.123",
            "0.001",
            "1e22",
            "1e23",
            "9007199254740992",
            "9007199254740993",
            "9007199254740995",
            "123456789012345678901234567890",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "2e-308",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "1e-400",
            "0e999999999999999999999",
            "1e999999999999999999999",
            "1e-999999999999999999999",
            "0.0000000000000000000000000001e28",
        ] {
            same(s);
        }
    }

    #[test]
    fn many_digits_match_core() {
        let long = "1".repeat(1200);
        same(&long);
        same(&format!("0.{long}"));
        same(&format!("{long}e-1200"));
        // Around 2^53 + 1, the midpoint between 2^53 and the next f64: on it (ties to even,
        // down), a digit past the 800th above it (up), and just below it.
        let zeros = "0".repeat(900);
        same(&format!("9007199254740993{zeros}"));
        same(&format!("9007199254740993{zeros}e-900"));
        same(&format!("9007199254740993{zeros}1e-901"));
        same(&format!("9.007199254740993{zeros}1e15"));
        same(&format!("9.007199254740992{}e15", "9".repeat(900)));
    }

    #[test]
    fn halfway_points_round_to_even_like_core() {
        // Between 2^53 and the next f64 (2^53 + 2), and among the subnormals.
        for (m, e) in [
            (9007199254740993u64, 0i64),
            (1, -1075),
            (3, -1075),
            (5, -1076),
        ] {
            let s = exact_decimal(m, e);
            same(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn shaped_strings_match_core(
            s in r"[+-]?[0-9]{0,25}(\.[0-9]{0,25})?([eE][+-]?[0-9]{1,4})?"
        ) {
            same(&s);
        }

        #[test]
        fn any_short_string_matches_core(s in r"[-+0-9.eEinfatyINFATY ]{0,12}") {
            same(&s);
        }

        #[test]
        fn printed_floats_read_back_like_core(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            same(&format!("{x}"));
            same(&format!("{x:e}"));
            same(&format!("{x:.20e}"));
            same(&format!("{x:.3}"));
        }

        /// The exact midpoint between a float and the next one up, and points a hair either side.
        #[test]
        fn midpoints_and_their_neighbours_match_core(bits in 0u64..0x7fef_ffff_ffff_ffff) {
            let x = f64::from_bits(bits);
            let (exp, mant) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
            let (m, e) = if exp == 0 { (mant, -1074) } else { (mant | (1 << 52), exp - 1075) };
            prop_assume!(x.is_finite());
            let mid = exact_decimal(2 * m + 1, e - 1);
            same(&mid);
            let (digits, pow) = mid.split_once('e').unwrap();
            let pow: i64 = pow.parse().unwrap();
            same(&format!("{digits}1e{}", pow - 1));
            // One less in the last digit, then a 9: just below the midpoint.
            let mut below = digits.as_bytes().to_vec();
            if let Some(last) = below.last_mut().filter(|d| **d > b'0') {
                *last -= 1;
                same(&format!("{}9e{}", String::from_utf8(below).unwrap(), pow - 1));
            }
        }
    }
}
