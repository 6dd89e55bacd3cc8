//! Reading import files record by record, in constant memory: a row longer than
//! [`MAX_RECORD`] is refused (usually a quote left open) instead of being buffered whole.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::{Error, Result};

/// Room for an imported message or note at its limit (1 Mi characters, up to 4 bytes each).
pub(super) const MAX_RECORD: u64 = 8 << 20;

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
        CsvSource::open_with(path, b',', true)
    }

    /// `quoting` off for formats that never quote (TLN: `|`-separated, quotes are text).
    pub fn open_with(path: &Path, delimiter: u8, quoting: bool) -> Result<CsvSource> {
        let limit = Rc::new(Cell::new(MAX_RECORD + READ_AHEAD));
        let inner = Limited {
            inner: open(path)?,
            read: Rc::new(Cell::new(0)),
            limit: Rc::clone(&limit),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(delimiter)
            .quoting(quoting)
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

    /// The next record, with only the columns `keep` marks decoded when given (the others empty): the
    /// preview reads a whole file for its time columns alone.
    pub fn next_keeping(&mut self, keep: Option<&[bool]>) -> Result<Option<Record>> {
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
            if keep.is_some_and(|k| !k.get(i).copied().unwrap_or(false)) {
                fields.push(String::new());
                continue;
            }
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

/// The objects of a JSON array (`[{…}, {…}]`, Chainsaw's output) or the values of a JSON
/// object (`{"event_0": {…}, …}`, Plaso's `json` output), one at a time: the file is never
/// held whole. Each object's line is the line it starts on.
pub(super) struct JsonSeqSource {
    reader: BufReader<File>,
    chunk: Vec<u8>,
    at: usize,
    line: u64,
    bytes: u64,
    /// `]` for an array, `}` for an object of objects; `None` before the opening bracket.
    close: Option<u8>,
    done: bool,
    buf: Vec<u8>,
}

impl JsonSeqSource {
    pub fn open(path: &Path) -> Result<JsonSeqSource> {
        Ok(JsonSeqSource {
            reader: BufReader::with_capacity(1 << 16, open(path)?),
            chunk: Vec::new(),
            at: 0,
            line: 1,
            bytes: 0,
            close: None,
            done: false,
            buf: Vec::new(),
        })
    }

    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        if self.at == self.chunk.len() {
            self.chunk.clear();
            self.at = 0;
            let line = self.line;
            let n = (&mut self.reader)
                .take(1 << 16)
                .read_to_end(&mut self.chunk)
                .map_err(|e| row_error(line, format!("cannot read the file: {e}")))?;
            if n == 0 {
                return Ok(None);
            }
        }
        Ok(self.chunk.get(self.at).copied())
    }

    fn bump(&mut self) -> Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.at += 1;
            self.bytes += 1;
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    /// Skips white space, a byte-order mark and the commas between items.
    fn skip(&mut self) -> Result<Option<u8>> {
        while let Some(b) = self.peek()? {
            if b.is_ascii_whitespace() || b == b',' || b >= 0x80 && self.close.is_none() {
                self.bump()?;
            } else {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    /// One JSON value (string, object or array) into `buf`, bytes as they are.
    fn value(&mut self, start_line: u64) -> Result<()> {
        self.buf.clear();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        while let Some(b) = self.bump()? {
            self.buf.push(b);
            if self.buf.len() as u64 > MAX_RECORD {
                return Err(too_long(start_line));
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                if !in_string && depth == 0 {
                    return Ok(());
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Err(row_error(
            start_line,
            "the JSON ends in the middle of an item",
        ))
    }

    pub fn next(&mut self) -> Result<Option<Record>> {
        if self.done {
            return Ok(None);
        }
        if self.close.is_none() {
            let line = self.line;
            self.close = match self.skip()? {
                Some(b'[') => Some(b']'),
                Some(b'{') => Some(b'}'),
                _ => return Err(row_error(line, "expected a JSON array or object")),
            };
            self.bump()?;
        }
        let line = self.line;
        match self.skip()? {
            None => return Err(row_error(line, "the JSON ends before its closing bracket")),
            Some(b) if Some(b) == self.close => {
                self.done = true;
                return Ok(None);
            }
            Some(_) => {}
        }
        if self.close == Some(b'}') {
            // An object of events: skip the key ("event_0") and its colon.
            self.value(line)?;
            let line = self.line;
            if self.skip()? != Some(b':') {
                return Err(row_error(line, "expected ':' after a key"));
            }
            self.bump()?;
            self.skip()?;
        }
        let line = self.line;
        self.value(line)?;
        let value: Value = serde_json::from_slice(&self.buf)
            .map_err(|e| row_error(line, format!("not valid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(row_error(line, "expected a JSON object for each event"));
        };
        Ok(Some(Record {
            line,
            fields: Fields::Json(map),
        }))
    }
}

/// Any of the readers, chosen by the format's layout.
pub(super) enum AnySource {
    Csv(CsvSource),
    Lines(JsonlSource),
    Seq(JsonSeqSource),
}

impl AnySource {
    pub fn open(path: &Path, layout: super::formats::Layout) -> Result<AnySource> {
        use super::formats::Layout;
        Ok(match layout {
            Layout::Csv => AnySource::Csv(CsvSource::open(path)?),
            Layout::Pipe => AnySource::Csv(CsvSource::open_with(path, b'|', false)?),
            Layout::JsonLines => AnySource::Lines(JsonlSource::open(path)?),
            Layout::JsonSeq => AnySource::Seq(JsonSeqSource::open(path)?),
        })
    }

    /// The CSV header; empty for JSON, whose records name their own fields.
    pub fn headers(&self) -> &[String] {
        match self {
            AnySource::Csv(s) => &s.headers,
            _ => &[],
        }
    }

    pub fn next(&mut self) -> Result<Option<Record>> {
        self.next_keeping(None)
    }

    /// As `next`, decoding only the CSV columns `keep` marks (JSON records are read whole).
    pub fn next_keeping(&mut self, keep: Option<&[bool]>) -> Result<Option<Record>> {
        match self {
            AnySource::Csv(s) => s.next_keeping(keep),
            AnySource::Lines(s) => s.next(),
            AnySource::Seq(s) => s.next(),
        }
    }

    pub fn bytes_read(&self) -> u64 {
        match self {
            AnySource::Csv(s) => s.bytes_read(),
            AnySource::Lines(s) => s.bytes_read(),
            AnySource::Seq(s) => s.bytes_read(),
        }
    }
}
