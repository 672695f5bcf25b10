//! Times as the rules and the HAR reader meet them: RFC 3339 and HTTP dates, to epoch ms.
//!
//! No date crate: two small parsers are all the engine needs, and they must build for wasm32.

/// Milliseconds since the epoch for an RFC 3339 time (`2025-11-18T14:03:21.512Z`,
/// `2015-05-29T16:10:30.424+02:00`); lenient about a missing offset (taken as UTC), a space for
/// `T`, and any number of fraction digits.
pub fn rfc3339_ms(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        b.get(from..from + len)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let sep = |at: usize, ok: &[u8]| b.get(at).is_some_and(|c| ok.contains(c));
    let year = num(0, 4)?;
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ")) {
        return None;
    }
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    if !sep(13, b":") {
        return None;
    }
    let (second, mut i) = if sep(16, b":") {
        (num(17, 2)?, 19)
    } else {
        (0, 16)
    };
    let mut frac = 0.0f64;
    if sep(i, b".,") {
        i += 1;
        let mut scale = 0.1;
        while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            frac += f64::from(c - b'0') * scale;
            scale /= 10.0;
            i += 1;
        }
    }
    let offset_min = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let (om, end) = if sep(i + 3, b":") {
                (num(i + 4, 2)?, i + 6)
            } else if b.len() > i + 3 {
                (num(i + 3, 2)?, i + 5)
            } else {
                (0, i + 3)
            };
            if end != b.len() || oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if sign == b'-' {
                -m
            } else {
                m
            }
        }
        Some(_) => return None,
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = ((days * 24 + hour) * 60 + minute) * 60 + second - offset_min * 60;
    Some(secs as f64 * 1000.0 + (frac * 1000.0 * 1000.0).round() / 1000.0)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into epoch ms.
pub fn http_date_ms(v: &str) -> Option<f64> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    if parts.len() != 6 {
        return None;
    }
    let day: i64 = parts[1].parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == parts[2])? as i64
        + 1;
    let year: i64 = parts[3].parse().ok()?;
    let hms: Vec<i64> = parts[4].split(':').filter_map(|x| x.parse().ok()).collect();
    if hms.len() != 3 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]) * 1000) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            rfc3339_ms("2025-11-18T14:03:21.512Z"),
            Some(1_763_474_601_512.0)
        );
        assert_eq!(
            rfc3339_ms("2015-05-29T16:10:30.424+02:00"),
            Some(1_432_908_630_424.0)
        );
        assert_eq!(
            rfc3339_ms("2015-05-29T09:10:30.424-0500"),
            Some(1_432_908_630_424.0)
        );
        assert_eq!(rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1000.0));
        assert_eq!(rfc3339_ms("2000-02-29 12:00:00"), Some(951_825_600_000.0));
        assert_eq!(
            rfc3339_ms("2025-11-18T14:03:21.5123456Z"),
            Some(1_763_474_601_512.346)
        );
        for bad in [
            "",
            "0",
            "2025-13-01T00:00:00Z",
            "2025-11-18T24:00:00Z",
            "2025-11-18",
            "2025-11-18T14:03:21Zjunk",
            "2025-11-18T14:03:21+2",
            "２０２５-11-18T14:03:21Z",
        ] {
            assert_eq!(rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            http_date_ms("Thu, 01 Jan 1970 00:01:00 GMT"),
            Some(60_000.0)
        );
        assert_eq!(
            http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(http_date_ms("yesterday"), None);
    }
}
