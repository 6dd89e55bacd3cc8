//! Stakeholder directory files: CSV (our columns) and vCard (2.1, 3.0 and 4.0 read by
//! vcard.rs, 4.0 written).
//! Imports are all-or-nothing: the first bad record names its line and nothing is saved.

use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::directory::{self, ContactChannel, Stakeholder, StakeholderInput};
use super::model::SavedFile;
use crate::{Error, Result, Store};

pub const CSV_HEADER: [&str; 9] = [
    "name",
    "organisation",
    "role",
    "category",
    "primary_channel",
    "primary_address",
    "oob_channel",
    "oob_address",
    "notes",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactFormat {
    Csv,
    Vcard,
}

impl ContactFormat {
    pub fn from_path(path: &Path) -> Self {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if ext == "vcf" || ext == "vcard" {
            ContactFormat::Vcard
        } else {
            ContactFormat::Csv
        }
    }
}

pub fn to_csv(list: &[Stakeholder]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Corrupt(format!("writing CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(fail)?;
    // For spreadsheets: a phone number `+44…` or a name `=HYPERLINK(…)` must not run as a
    // formula. The import strips the apostrophe again.
    let cell = crate::files::spreadsheet_cell;
    for s in list {
        w.write_record([
            cell(&s.name).as_ref(),
            &cell(&s.organisation),
            &cell(&s.role),
            s.category.code(),
            s.primary_channel.code(),
            &cell(&s.primary_address),
            s.oob_channel.map(|c| c.code()).unwrap_or_default(),
            &cell(&s.oob_address),
            &cell(&s.notes),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Corrupt(format!("writing CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Corrupt(format!("writing CSV: {e}")))
}

/// A vCard text value (RFC 6350 §3.4): backslash, comma and semicolon escaped, any line
/// break as `\n`; other control characters have no escape in vCard and become a space, so
/// no value can end its line and start a property of its own.
fn vcard_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn to_vcard(list: &[Stakeholder]) -> String {
    let mut out = String::new();
    for s in list {
        let mut lines = vec![
            "BEGIN:VCARD".to_owned(),
            "VERSION:4.0".to_owned(),
            format!("FN:{}", vcard_text(&s.name)),
        ];
        if !s.organisation.is_empty() {
            lines.push(format!("ORG:{}", vcard_text(&s.organisation)));
        }
        if !s.role.is_empty() {
            lines.push(format!("TITLE:{}", vcard_text(&s.role)));
        }
        let channels = [
            (Some(s.primary_channel), &s.primary_address, "1"),
            (s.oob_channel, &s.oob_address, "2"),
        ];
        for (channel, address, pref) in channels {
            let Some(channel) = channel else { continue };
            if address.is_empty() {
                continue;
            }
            let value = vcard_text(address);
            lines.push(match channel {
                ContactChannel::Email => format!("EMAIL;PREF={pref}:{value}"),
                ContactChannel::Phone => format!("TEL;TYPE=voice;PREF={pref}:{value}"),
                ContactChannel::Sms | ContactChannel::Signal => {
                    format!("TEL;TYPE=text;PREF={pref}:{value}")
                }
                ContactChannel::Portal => format!("URL;PREF={pref}:{value}"),
                ContactChannel::InPerson | ContactChannel::Other => {
                    format!("NOTE:{channel}: {value}")
                }
            });
        }
        lines.push(format!("CATEGORIES:{}", s.category.code()));
        lines.push(format!("X-FIREBREAK-CATEGORY:{}", s.category.code()));
        lines.push(format!("X-FIREBREAK-PRIMARY:{}", s.primary_channel.code()));
        if let Some(oob) = s.oob_channel {
            lines.push(format!("X-FIREBREAK-OOB:{}", oob.code()));
        }
        if !s.notes.is_empty() {
            lines.push(format!("NOTE:{}", vcard_text(&s.notes)));
        }
        lines.push("END:VCARD".to_owned());
        for l in lines {
            out.push_str(&l);
            out.push_str("\r\n");
        }
    }
    out
}

fn bad(file: &str, line: u64, message: impl Into<String>) -> Error {
    Error::ImportRow {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

fn parse_csv(file: &str, text: &str) -> Result<Vec<(u64, StakeholderInput)>> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| bad(file, 1, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect::<Vec<_>>();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(name_col) = col("name") else {
        return Err(bad(
            file,
            1,
            format!("missing column \"name\"; expected {}", CSV_HEADER.join(",")),
        ));
    };
    if let Some(unknown) = headers.iter().find(|h| !CSV_HEADER.contains(&h.as_str())) {
        return Err(bad(
            file,
            1,
            format!(
                "unknown column {unknown:?}; expected {}",
                CSV_HEADER.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(file, line, e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |name: &str| {
            let v = col(name).and_then(|i| rec.get(i)).unwrap_or_default();
            crate::files::from_spreadsheet_cell(v.trim()).to_owned()
        };
        let parse_opt = |name: &str| -> Result<Option<ContactChannel>> {
            let v = get(name);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse()
                .map(Some)
                .map_err(|e: Error| bad(file, line, e.to_string()))
        };
        let category = get("category");
        out.push((
            line,
            StakeholderInput {
                name: crate::files::from_spreadsheet_cell(rec.get(name_col).unwrap_or_default())
                    .to_owned(),
                organisation: get("organisation"),
                role: get("role"),
                category: if category.is_empty() {
                    None
                } else {
                    Some(
                        category
                            .parse()
                            .map_err(|e: Error| bad(file, line, e.to_string()))?,
                    )
                },
                primary_channel: parse_opt("primary_channel")?,
                primary_address: get("primary_address"),
                oob_channel: parse_opt("oob_channel")?,
                oob_address: get("oob_address"),
                notes: get("notes"),
            },
        ));
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ContactImport {
    pub added: u32,
    pub updated: u32,
}

/// Imports a CSV or vCard file into the directory, all or nothing.
pub fn import(store: &Store, path: &Path, actor: &str) -> Result<ContactImport> {
    import_with(store, path, false, actor)
}

/// [`import`], or with `dry_run` everything but the commit: the same checks and the same
/// counts, and the directory left as it was.
pub fn import_with(
    store: &Store,
    path: &Path,
    dry_run: bool,
    actor: &str,
) -> Result<ContactImport> {
    let file = path.display().to_string();
    let bytes = crate::files::read_capped(path, crate::files::caps::CONTACTS, "contacts file")?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        bad(&file, line, "not valid UTF-8")
    })?;
    let checked = read_checked(&file, &text, ContactFormat::from_path(path))?;
    let mut counted = None;
    let written = store.write(|tx| {
        let before: Vec<uuid::Uuid> = directory::list_on(tx)?.iter().map(|s| s.id).collect();
        let mut summary = ContactImport {
            added: 0,
            updated: 0,
        };
        for c in &checked {
            let id = directory::save_on(tx, None, c, actor)?;
            if before.contains(&id) {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
        }
        if dry_run {
            // An error rolls the transaction back; the counts leave through `counted`.
            counted = Some(summary);
            return Err(Error::Cancelled("dry run".into()));
        }
        Ok(summary)
    });
    match (written, counted) {
        (Err(Error::Cancelled(_)), Some(summary)) => Ok(summary),
        (result, _) => result,
    }
}

/// The records of `text` read as `format`, each checked as an import checks it.
fn read_checked(file: &str, text: &str, format: ContactFormat) -> Result<Vec<directory::Checked>> {
    let records = match format {
        ContactFormat::Csv => parse_csv(file, text)?,
        ContactFormat::Vcard => super::vcard::parse(file, text)?,
    };
    if records.is_empty() {
        return Err(bad(file, 1, "no contacts in the file"));
    }
    records
        .iter()
        .map(|(line, input)| directory::check(input).map_err(|e| bad(file, *line, e.to_string())))
        .collect()
}

/// Everything an import checks before it touches the store, on text already read: the
/// number of contacts it would save. Public only so the fuzz targets (fuzz/) reach the CSV
/// and vCard readers without a store per input.
#[doc(hidden)]
pub fn check_text(file: &str, text: &str, format: ContactFormat) -> Result<usize> {
    read_checked(file, text, format).map(|c| c.len())
}

pub fn export(store: &Store, path: &Path) -> Result<SavedFile> {
    export_with(store, path, true)
}

/// [`export`]; without `replace`, an existing file at `path` is refused and kept.
pub fn export_with(store: &Store, path: &Path, replace: bool) -> Result<SavedFile> {
    let list = directory::list(store)?;
    let text = match ContactFormat::from_path(path) {
        ContactFormat::Csv => to_csv(&list)?,
        ContactFormat::Vcard => to_vcard(&list),
    };
    crate::files::check_output(store, path)?;
    let bytes = if replace {
        crate::files::write_atomic(path, text.as_bytes())?
    } else {
        crate::files::write_new(path, text.as_bytes())?
    };
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes,
        items: list.len() as u32,
    })
}
