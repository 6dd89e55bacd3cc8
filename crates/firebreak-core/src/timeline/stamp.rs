//! Timeline times as stored: integer microseconds since 1970 (UTC) plus the offset, in
//! seconds, they were given in. The chain hashes the fixed-width UTC text form
//! (`2026-11-20T22:15:00.123456Z`), and exports write RFC 3339 text a million times, so the
//! text is built by arithmetic here; chrono is the fallback outside years 0000–9999 and the
//! reference the tests hold the fast path to.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

use crate::time::Moment;
use crate::{Error, Result};

const MICROS_PER_DAY: i64 = 86_400_000_000;

pub(crate) fn micros(m: &Moment) -> i64 {
    m.timestamp_micros()
}

/// The instant back in the offset it was given in.
pub(crate) fn moment(us: i64, offset_seconds: i64) -> Result<Moment> {
    let offset = i32::try_from(offset_seconds)
        .ok()
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| Error::Corrupt(format!("stored UTC offset {offset_seconds}s")))?;
    let utc = DateTime::<Utc>::from_timestamp_micros(us)
        .ok_or_else(|| Error::Corrupt(format!("stored time {us}µs is out of range")))?;
    Ok(utc.with_timezone(&offset))
}

/// `2026-11-20T22:15:00.123456Z`: the UTC form hashed into the chain (what `time::utc_text`
/// produced when times were stored as text).
pub(crate) fn utc_z(out: &mut Vec<u8>, us: i64) {
    if !civil(out, us) {
        slow(out, us, 0, true);
        return;
    }
    out.push(b'Z');
}

/// RFC 3339 with microseconds in the given offset: `2026-11-20T23:15:00.123456+01:00`
/// (`+00:00` for UTC, as Timesketch writes it).
pub(crate) fn rfc3339(out: &mut Vec<u8>, us: i64, offset_seconds: i64) {
    if offset_seconds % 60 != 0 || !civil(out, us + offset_seconds * 1_000_000) {
        slow(out, us, offset_seconds, false);
        return;
    }
    let sign = if offset_seconds < 0 { b'-' } else { b'+' };
    let minutes = offset_seconds.unsigned_abs() / 60;
    out.push(sign);
    two(out, minutes / 60);
    out.push(b':');
    two(out, minutes % 60);
}

pub(crate) fn utc_z_string(us: i64) -> String {
    let mut out = Vec::with_capacity(27);
    utc_z(&mut out, us);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
pub(crate) fn rfc3339_string(us: i64, offset_seconds: i64) -> String {
    let mut out = Vec::with_capacity(32);
    rfc3339(&mut out, us, offset_seconds);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes `YYYY-MM-DDTHH:MM:SS.ffffff` for a local wall-clock time in microseconds; false
/// (writing nothing) outside years 0000–9999.
fn civil(out: &mut Vec<u8>, us: i64) -> bool {
    let days = us.div_euclid(MICROS_PER_DAY);
    let in_day = us.rem_euclid(MICROS_PER_DAY).unsigned_abs();
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return false;
    }
    let secs = in_day / 1_000_000;
    let frac = in_day % 1_000_000;
    let y = y.unsigned_abs();
    // Filled in place and appended once: this runs twice per entry for a million entries.
    let mut t = *b"0000-00-00T00:00:00.000000";
    for (at, v) in [
        (0, y / 100),
        (2, y % 100),
        (5, m),
        (8, d),
        (11, secs / 3600),
        (14, secs / 60 % 60),
        (17, secs % 60),
        (20, frac / 10_000),
        (22, frac / 100 % 100),
        (24, frac % 100),
    ] {
        t[at] = b'0' + (v / 10 % 10) as u8;
        t[at + 1] = b'0' + (v % 10) as u8;
    }
    out.extend_from_slice(&t);
    true
}

fn two(out: &mut Vec<u8>, v: u64) {
    out.push(b'0' + (v / 10 % 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

fn slow(out: &mut Vec<u8>, us: i64, offset_seconds: i64, z: bool) {
    let text = match moment(us, offset_seconds) {
        Ok(m) => m.to_rfc3339_opts(SecondsFormat::Micros, z),
        // Only a value no writer stores gets here; show it rather than fail an export.
        Err(_) => format!("{us}µs{offset_seconds:+}s"),
    };
    out.extend_from_slice(text.as_bytes());
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (H. Hinnant).
fn civil_from_days(z: i64) -> (i64, u64, u64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1).unsigned_abs();
    let m = if mp < 10 { mp + 3 } else { mp - 9 }.unsigned_abs();
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Microseconds of a stored UTC text time (legacy rows and the migration that converts them).
pub(crate) fn parse_utc(text: &str) -> Result<i64> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.timestamp_micros())
        .map_err(|e| Error::Corrupt(format!("stored time {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_text(us: i64, offset: i64, z: bool) -> Result<String> {
        Ok(moment(us, offset)?.to_rfc3339_opts(SecondsFormat::Micros, z))
    }

    #[test]
    fn fast_forms_agree_with_chrono() -> Result<()> {
        let mut samples = vec![
            0,
            -1,
            1,
            951_868_799_999_999,     // 2000-02-29T23:59:59.999999Z
            1_795_132_800_000_137,   // 2026-11-20
            4_107_542_400_000_000,   // 2100-03-01
            -62_167_219_200_000_000, // 0000-01-01
            253_402_300_799_999_999, // 9999-12-31T23:59:59.999999Z
            253_402_300_800_000_000, // 10000-01-01: the fallback
            -62_167_219_200_000_001, // before year 0: the fallback
        ];
        let mut x: i64 = 12_345;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            samples.push(x.rem_euclid(2 * 253_402_300_800_000_000) - 253_402_300_800_000_000);
        }
        for us in samples {
            assert_eq!(utc_z_string(us), chrono_text(us, 0, true)?, "{us}");
            for offset in [0, 3600, -18_000, 19_800, 50_400, -43_200, 5] {
                let expected = chrono_text(us, offset, false)?;
                assert_eq!(rfc3339_string(us, offset), expected, "{us} {offset}");
                if offset % 60 == 0 && !expected.starts_with(['-', '+']) {
                    assert_eq!(parse_utc(&expected)?, us);
                }
            }
        }
        Ok(())
    }
}
