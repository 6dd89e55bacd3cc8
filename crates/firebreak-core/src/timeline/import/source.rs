//! Reading import files record by record, in constant memory: a row longer than
//! [`MAX_RECORD`] is refused (usually a quote left open) instead of being buffered whole.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::{Error, Result};

pub(super) const MAX_RECORD: u64 = 1 << 20;

/// One record's fields by column name, with the line it starts on.
pub(super) struct Record {
    pub line: u64,
    pub fields: Fields,
}

pub(super) enum Fields {
    Csv(Vec<String>),
    Json(Map<String, Value>),
}

pub(super) fn row_error(line: u64, message: impl Into<String>) -> Error {
    Error::ImportRow {
        file: String::new(),
        line,
        message: message.into(),
    }
}

fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| Error::Io {
        context: format!("opening {}", path.display()),
        source,
    })
}

/// Counts bytes handed to the CSV parser and fails once a record runs past its allowance.
struct Limited<R> {
    inner: R,
    read: Rc<Cell<u64>>,
    limit: Rc<Cell<u64>>,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.get() > self.limit.get() {
            return Err(std::io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

pub(super) struct CsvSource {
    reader: csv::Reader<Limited<File>>,
    limit: Rc<Cell<u64>>,
    pub headers: Vec<String>,
    record: csv::ByteRecord,
}

/// The parser reads ahead this much beyond the record it is on.
const READ_AHEAD: u64 = 1 << 16;

impl CsvSource {
    pub fn open(path: &Path) -> Result<CsvSource> {
        let limit = Rc::new(Cell::new(MAX_RECORD + READ_AHEAD));
        let inner = Limited {
            inner: open(path)?,
            read: Rc::new(Cell::new(0)),
            limit: Rc::clone(&limit),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .buffer_capacity(READ_AHEAD as usize)
            .from_reader(inner);
        let raw = reader.byte_headers().map_err(|e| csv_error(e, 1))?.clone();
        if raw.is_empty() || (raw.len() == 1 && raw[0].is_empty()) {
            return Err(row_error(1, "the file is empty: expected a header row"));
        }
        let mut headers = Vec::with_capacity(raw.len());
        // A set, not `headers.contains`: a 150,000-column header must not take minutes.
        let mut seen = std::collections::HashSet::with_capacity(raw.len());
        for (i, h) in raw.iter().enumerate() {
            let h = std::str::from_utf8(h).map_err(|e| {
                row_error(
                    1,
                    format!(
                        "header {} is not valid UTF-8 ({e}); save the file as UTF-8",
                        i + 1
                    ),
                )
            })?;
            let h = h.trim();
            if !seen.insert(h) {
                return Err(row_error(
                    1,
                    format!("column {h:?} appears twice in the header"),
                ));
            }
            headers.push(h.to_owned());
        }
        Ok(CsvSource {
            reader,
            limit,
            headers,
            record: csv::ByteRecord::new(),
        })
    }

    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    pub fn next(&mut self) -> Result<Option<Record>> {
        let start = self.reader.position().clone();
        self.limit.set(start.byte() + MAX_RECORD + READ_AHEAD);
        let line = start.line();
        if !self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| csv_error(e, line))?
        {
            return Ok(None);
        }
        let line = self.record.position().map_or(line, csv::Position::line);
        if self.record.as_slice().len() as u64 > MAX_RECORD {
            return Err(too_long(line));
        }
        let mut fields = Vec::with_capacity(self.record.len());
        for (i, f) in self.record.iter().enumerate() {
            let text = std::str::from_utf8(f).map_err(|e| {
                row_error(
                    line,
                    format!(
                        "column {:?} is not valid UTF-8 (bad byte at position {}); save the file as UTF-8",
                        self.headers.get(i).map_or("?", String::as_str),
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            fields.push(text.to_owned());
        }
        Ok(Some(Record {
            line,
            fields: Fields::Csv(fields),
        }))
    }
}

fn too_long(line: u64) -> Error {
    row_error(
        line,
        format!(
            "the row is longer than {} MiB; is a quote left open?",
            MAX_RECORD >> 20
        ),
    )
}

fn csv_error(e: csv::Error, line: u64) -> Error {
    let at = e.position().map_or(line, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => row_error(
            at,
            format!(
                "has {len} fields but the header has {expected_len} (a ragged row, or an unquoted comma or quote?)"
            ),
        ),
        csv::ErrorKind::Io(io) if io.to_string() == "record too long" => too_long(line),
        csv::ErrorKind::Io(_) => row_error(at, format!("cannot read the file: {e}")),
        _ => row_error(at, format!("not valid CSV: {e}")),
    }
}

pub(super) struct JsonlSource {
    reader: BufReader<File>,
    line: u64,
    bytes: u64,
    buf: Vec<u8>,
}

impl JsonlSource {
    pub fn open(path: &Path) -> Result<JsonlSource> {
        Ok(JsonlSource {
            reader: BufReader::with_capacity(1 << 16, open(path)?),
            line: 0,
            bytes: 0,
            buf: Vec::new(),
        })
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    pub fn next(&mut self) -> Result<Option<Record>> {
        loop {
            self.buf.clear();
            self.line += 1;
            let line = self.line;
            let n = (&mut self.reader)
                .take(MAX_RECORD + 1)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| row_error(line, format!("cannot read the file: {e}")))?;
            if n == 0 {
                return Ok(None);
            }
            self.bytes += n as u64;
            if n as u64 > MAX_RECORD {
                return Err(too_long(line));
            }
            let text = std::str::from_utf8(&self.buf).map_err(|e| {
                row_error(
                    line,
                    format!(
                        "not valid UTF-8 (bad byte at position {}); save the file as UTF-8",
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            let text = text.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(text)
                .map_err(|e| row_error(line, format!("not valid JSON: {e}")))?;
            let Value::Object(map) = value else {
                return Err(row_error(line, "expected one JSON object per line"));
            };
            return Ok(Some(Record {
                line,
                fields: Fields::Json(map),
            }));
        }
    }
}
