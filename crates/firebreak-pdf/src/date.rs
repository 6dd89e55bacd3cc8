//! RFC 3339 → PDF date string ("D:YYYYMMDDHHmmSSZ" or "D:YYYYMMDDHHmmSS+HH'mm'").

use crate::PdfError;

pub(crate) fn pdf_date(rfc3339: &str) -> Result<String, PdfError> {
    let bad = || PdfError::InvalidDate(rfc3339.to_owned());
    let s = rfc3339.trim();
    let b = s.as_bytes();
    // Fixed-position "YYYY-MM-DDTHH:MM:SS" prefix.
    if b.len() < 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return Err(bad());
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return Err(bad());
    }
    let field = |from: usize, to: usize, max: u32, min: u32| -> Result<&str, PdfError> {
        let part = s.get(from..to).ok_or_else(bad)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let v: u32 = part.parse().map_err(|_| bad())?;
        if v < min || v > max {
            return Err(bad());
        }
        Ok(part)
    };
    let year = field(0, 4, 9999, 0)?;
    let month = field(5, 7, 12, 1)?;
    let day = field(8, 10, 31, 1)?;
    let hour = field(11, 13, 23, 0)?;
    let minute = field(14, 16, 59, 0)?;
    // 60 admits a leap second.
    let second = field(17, 19, 60, 0)?;

    let mut rest = s.get(19..).ok_or_else(bad)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        rest = frac.get(digits..).ok_or_else(bad)?;
    }
    let zone = match rest {
        "Z" | "z" | "+00:00" | "-00:00" => "Z".to_owned(),
        _ => {
            let sign = rest
                .get(..1)
                .filter(|c| *c == "+" || *c == "-")
                .ok_or_else(bad)?;
            if rest.len() != 6 || rest.get(3..4) != Some(":") {
                return Err(bad());
            }
            let hh = digits_in(rest, 1, 3, 23).ok_or_else(bad)?;
            let mm = digits_in(rest, 4, 6, 59).ok_or_else(bad)?;
            format!("{sign}{hh}'{mm}'")
        }
    };
    Ok(format!("D:{year}{month}{day}{hour}{minute}{second}{zone}"))
}

fn digits_in(s: &str, from: usize, to: usize, max: u32) -> Option<&str> {
    let part = s.get(from..to)?;
    let v: u32 = part.parse().ok()?;
    (part.bytes().all(|c| c.is_ascii_digit()) && v <= max).then_some(part)
}

#[cfg(test)]
mod tests {
    use super::pdf_date;

    #[test]
    fn converts_utc_fraction_and_offsets() -> Result<(), crate::PdfError> {
        assert_eq!(pdf_date("2026-11-22T07:13:00Z")?, "D:20261122071300Z");
        assert_eq!(
            pdf_date("2026-11-22T07:13:00.123456Z")?,
            "D:20261122071300Z"
        );
        assert_eq!(
            pdf_date("2026-11-22t07:13:00+02:00")?,
            "D:20261122071300+02'00'"
        );
        assert_eq!(
            pdf_date("2026-11-22T07:13:00.5-05:30")?,
            "D:20261122071300-05'30'"
        );
        Ok(())
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-11-22T07:13:00",
            "2026-11-22T07:13:00+2",
            "2026-11-22T07:13:00.Z",
        ] {
            assert!(pdf_date(bad).is_err(), "{bad}");
        }
    }
}
