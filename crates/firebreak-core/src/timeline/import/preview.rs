//! What a file holds before anything is stored: its format, how its columns map, its first
//! rows, and how many rows the tool could not date (read to the end, in constant memory).

use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{Input, Role};
use super::formats::{self, Profile, Velo};
use super::source::{AnySource, Fields, Record};
use super::{file_size, suggest_mapping, with_file, SAMPLE_ROWS};
use crate::timeline::{ColumnMapping, ColumnUse, ImportFormat, ImportPreview};
use crate::Result;

/// What `path` looks like: the format recognised from its header or first record, how its
/// columns map, its first rows, and its undated rows. `format` overrides the recognised one.
pub fn preview_as(
    path: &Path,
    format: Option<ImportFormat>,
    mapping: Option<&ColumnMapping>,
) -> Result<ImportPreview> {
    let bytes = file_size(path)?;
    let format = match format {
        Some(f) => f,
        None => formats::detect(path, &formats::head(path)?),
    };
    scan(path, format, mapping, bytes).map_err(|e| with_file(e, path))
}

fn scan(
    path: &Path,
    format: ImportFormat,
    mapping: Option<&ColumnMapping>,
    bytes: u64,
) -> Result<ImportPreview> {
    let mut src = AnySource::open(path, format.layout(path))?;
    let csv_headers = src.headers().to_vec();
    let mut first: Vec<Record> = Vec::new();
    while first.len() < SAMPLE_ROWS {
        match src.next()? {
            Some(r) => first.push(r),
            None => break,
        }
    }
    let velo = first.first().and_then(|r| match &r.fields {
        Fields::Json(m) => Some(Velo::from_first(path, m)),
        Fields::Csv(_) => None,
    });
    let profile = Profile::new(format, mapping, None, velo.as_ref());
    let headers = if csv_headers.is_empty() {
        json_headers(&first, format.flattens(), &*profile.role_of)
    } else {
        csv_headers.clone()
    };
    let roles: Vec<Role> = csv_headers.iter().map(|h| (profile.role_of)(h)).collect();
    let sample = first
        .iter()
        .map(|r| sample_row(r, &headers, format.flattens()))
        .collect();
    let mut counts = Counts::default();
    for rec in &first {
        counts.add(rec, &csv_headers, &roles, &profile, format.flattens())?;
    }
    // Past the sample only the time columns matter.
    let keep: Vec<bool> = roles.iter().map(|r| r.is_time()).collect();
    while let Some(rec) = src.next_keeping(Some(&keep))? {
        counts.add(&rec, &csv_headers, &roles, &profile, format.flattens())?;
    }
    let columns = headers
        .iter()
        .map(|h| ColumnUse {
            column: h.clone(),
            field: (profile.role_of)(h).field().to_owned(),
        })
        .collect();
    Ok(ImportPreview {
        format,
        format_label: format.label().to_owned(),
        suggested: mapping
            .cloned()
            .unwrap_or_else(|| suggest_mapping(&headers)),
        headers,
        sample,
        bytes,
        columns,
        rows: counts.rows,
        undated: counts.undated,
        undated_reason: counts.reason,
    })
}

#[derive(Default)]
struct Counts {
    rows: u32,
    undated: u32,
    reason: Option<String>,
}

impl Counts {
    /// Counts the row, and whether the tool could not date it. Other problems are the
    /// import's to name: the preview only reads.
    fn add(
        &mut self,
        rec: &Record,
        headers: &[String],
        roles: &[Role],
        profile: &Profile,
        flatten: bool,
    ) -> Result<()> {
        self.rows += 1;
        let Ok(input) = Input::collect(rec, headers, roles, &*profile.role_of, flatten) else {
            return Ok(());
        };
        if let Some(reason) = input.undated(&profile.style.times) {
            self.undated += 1;
            if self.reason.is_none() {
                self.reason = Some(format!("first at line {}: {reason}", rec.line));
            }
        }
        Ok(())
    }
}

/// The fields of the first records, in the order first seen, flattened as the import does.
fn json_headers(first: &[Record], flatten: bool, role_of: &dyn Fn(&str) -> Role) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    // A set, not `headers.contains`: a record may have hundreds of thousands of fields.
    let mut seen = std::collections::HashSet::new();
    for rec in first {
        if let Fields::Json(map) = &rec.fields {
            let mut paths = Vec::new();
            paths_of(map, "", flatten, role_of, &mut paths);
            for (k, _) in paths {
                if seen.insert(k.clone()) {
                    headers.push(k);
                }
            }
        }
    }
    headers
}

fn paths_of(
    map: &Map<String, Value>,
    prefix: &str,
    flatten: bool,
    role_of: &dyn Fn(&str) -> Role,
    out: &mut Vec<(String, String)>,
) {
    for (k, v) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(inner) if flatten && role_of(&path) == Role::Extra => {
                paths_of(inner, &path, flatten, role_of, out);
            }
            Value::Null => out.push((path, String::new())),
            Value::String(s) => out.push((path, s.clone())),
            other => out.push((path, other.to_string())),
        }
    }
}

fn sample_row(rec: &Record, headers: &[String], flatten: bool) -> Vec<String> {
    match &rec.fields {
        Fields::Csv(values) => values.clone(),
        Fields::Json(map) => {
            let mut paths = Vec::new();
            // Every object is opened for the sample, whatever role its path has.
            paths_of(map, "", flatten, &|_| Role::Extra, &mut paths);
            headers
                .iter()
                .map(|h| {
                    paths
                        .iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        }
    }
}
