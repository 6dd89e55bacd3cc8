//! Reads a playbook file into a [`Playbook`], collecting every problem with its line and
//! column instead of stopping at the first. The TOML is walked by hand (not through serde)
//! so each value keeps its position and unknown keys are reported, never ignored.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::model::{Condition, Playbook, SourceRef, Step};
use super::vocab::{Fact, Role, Section};
use crate::catalog::IncidentType;

/// One problem in a playbook file; `line` and `col` are 1-based (col counts characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Diagnostic {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "incident_types",
    "summary",
    "sources",
    "reviewed",
    "review_by",
    "steps",
];
const SOURCE_KEYS: &[&str] = &["document", "section"];
const STEP_KEYS: &[&str] = &[
    "id", "section", "title", "owner", "guidance", "output", "when", "after", "csf", "attack",
];
const TITLE_MAX: usize = 160;

type Value<'a> = Spanned<DeValue<'a>>;

/// A playbook that loads, with the warnings lint found in it (file order).
#[derive(Debug, Clone, PartialEq)]
pub struct Linted {
    pub playbook: Playbook,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates `text`. Either a playbook or every problem found, in file order.
pub fn parse(text: &str) -> Result<Playbook, Vec<Diagnostic>> {
    parse_located(text).map(|(p, _)| p)
}

/// Everything `firebreak playbook lint` reports: the errors of [`parse`], or the playbook and
/// its warnings (see [`super::checks`]), each at the step or key it is about. `today` decides
/// whether the review date has passed (a parameter, so tests do not depend on the clock).
pub fn lint(text: &str, today: chrono::NaiveDate) -> Result<Linted, Vec<Diagnostic>> {
    let (playbook, cx) = parse_located(text)?;
    let mut warnings: Vec<Diagnostic> = super::checks::blocked_clocks(&playbook)
        .iter()
        .map(|b| {
            cx.at(
                cx.step_at.get(&b.step_id).cloned().unwrap_or(0..0),
                b.message(),
            )
        })
        .collect();
    if let Some(message) = super::checks::review_overdue(&playbook, today) {
        warnings.push(cx.at(cx.review_by_at.clone().unwrap_or(0..0), message));
    }
    warnings.sort_by_key(|d| (d.line, d.col));
    Ok(Linted { playbook, warnings })
}

fn parse_located(text: &str) -> Result<(Playbook, Cx<'_>), Vec<Diagnostic>> {
    if text.len() as u64 > crate::files::caps::PLAYBOOK {
        return Err(vec![Diagnostic {
            line: 1,
            col: 1,
            message: crate::files::too_large_message(
                "playbook",
                text.len() as u64,
                crate::files::caps::PLAYBOOK,
            ),
        }]);
    }
    let mut cx = Cx {
        text,
        diags: Vec::new(),
        step_at: HashMap::new(),
        review_by_at: None,
    };
    let (doc, syntax) = DeTable::parse_recoverable(text);
    for e in &syntax {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        cx.error(at..at, e.message().trim().to_owned());
    }
    let playbook = if syntax.is_empty() {
        cx.playbook(doc.get_ref())
    } else {
        None
    };
    match playbook {
        Some(p) if cx.diags.is_empty() => Ok((p, cx)),
        _ => {
            cx.diags.sort_by_key(|d| (d.line, d.col));
            Err(cx.diags)
        }
    }
}

struct Cx<'t> {
    text: &'t str,
    diags: Vec<Diagnostic>,
    /// Where each step's id is written, so warnings point at the step.
    step_at: HashMap<String, Range<usize>>,
    review_by_at: Option<Range<usize>>,
}

impl Cx<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = self.at(span, message);
        self.diags.push(d);
    }

    fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = span.start.min(self.text.len());
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        Diagnostic {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
            message: message.into(),
        }
    }

    /// Reports unknown keys and returns the known ones by name.
    fn fields<'v, 'a>(
        &mut self,
        table: &'v DeTable<'a>,
        allowed: &[&str],
        what: &str,
    ) -> HashMap<String, &'v Value<'a>> {
        let mut out = HashMap::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                out.insert(name.to_owned(), value);
            } else {
                self.error(
                    key.span(),
                    format!(
                        "unknown key `{name}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
        out
    }

    fn string(
        &mut self,
        f: &HashMap<String, &Value<'_>>,
        key: &str,
        at: &Range<usize>,
        what: &str,
    ) -> Option<(String, Range<usize>)> {
        let Some(v) = f.get(key) else {
            self.error(
                at.clone(),
                format!("{what} is missing required key `{key}`"),
            );
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.error(v.span(), format!("`{key}` must not be empty"));
                None
            }
            DeValue::String(s) => Some((s.to_string(), v.span())),
            other => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a string, not {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An optional list of strings; each element keeps its own position.
    fn strings(
        &mut self,
        f: &HashMap<String, &Value<'_>>,
        key: &str,
    ) -> Vec<(String, Range<usize>)> {
        let Some(v) = f.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "`{key}` must be a list of strings, not {}",
                    type_name(v.get_ref())
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                other => self.error(
                    item.span(),
                    format!("`{key}` items must be strings, not {}", type_name(other)),
                ),
            }
        }
        out
    }

    fn parsed<T: std::str::FromStr<Err = crate::Error>>(
        &mut self,
        value: Option<(String, Range<usize>)>,
    ) -> Option<T> {
        let (text, span) = value?;
        match text.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = match e {
                    crate::Error::Validation { message, .. } => message,
                    other => other.to_string(),
                };
                self.error(span, msg);
                None
            }
        }
    }

    fn id(
        &mut self,
        value: Option<(String, Range<usize>)>,
        what: &str,
    ) -> Option<(String, Range<usize>)> {
        let (id, span) = value?;
        let ok = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && id.len() <= 64;
        if !ok {
            self.error(
                span,
                format!("{what} id {id:?} must be lowercase letters, digits and '-' (at most 64)"),
            );
            return None;
        }
        Some((id, span))
    }

    fn playbook(&mut self, doc: &DeTable<'_>) -> Option<Playbook> {
        let top = 0..0;
        let f = self.fields(doc, TOP_KEYS, "the playbook");
        let id = self.string(&f, "id", &top, "the playbook");
        let id = self.id(id, "playbook").map(|(s, _)| s);
        let title = self
            .string(&f, "title", &top, "the playbook")
            .map(|(s, _)| s);
        let summary = self
            .string(&f, "summary", &top, "the playbook")
            .map(|(s, _)| s);
        let version = self.version(&f);
        let types: Vec<Option<IncidentType>> = self
            .strings(&f, "incident_types")
            .into_iter()
            .map(|v| self.parsed(Some(v)))
            .collect();
        if types.is_empty() {
            let at = f
                .get("incident_types")
                .map(|v| v.span())
                .unwrap_or(top.clone());
            self.error(at, "`incident_types` must list at least one incident type");
        }
        let sources = self.sources(&f);
        self.review_by_at = f.get("review_by").map(|v| v.span());
        let reviewed = self.date(&f, "reviewed");
        let review_by = self.date(&f, "review_by");
        if let (Some(r), Some(b)) = (&reviewed, &review_by) {
            if b < r {
                let at = f.get("review_by").map(|v| v.span()).unwrap_or(top.clone());
                self.error(at, "`review_by` must not be before `reviewed`");
            }
        }
        let steps = self.steps(&f);
        Some(Playbook {
            id: id?,
            title: title?,
            version: version?,
            incident_types: types.into_iter().collect::<Option<Vec<_>>>()?,
            summary: summary?,
            sources,
            reviewed,
            review_by,
            steps: steps?,
        })
    }

    /// `sources = [{ document = "…", section = "…" }, …]`; optional.
    fn sources(&mut self, f: &HashMap<String, &Value<'_>>) -> Vec<SourceRef> {
        let Some(v) = f.get("sources") else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                "`sources` must be a list of { document = \"…\", section = \"…\" }",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                self.error(
                    item.span(),
                    "each source is a table: { document = \"…\", section = \"…\" }",
                );
                continue;
            };
            let g = self.fields(t, SOURCE_KEYS, "a source");
            let document = self.string(&g, "document", &item.span(), "this source");
            let section = self.string(&g, "section", &item.span(), "this source");
            if let (Some((document, _)), Some((section, _))) = (document, section) {
                out.push(SourceRef { document, section });
            }
        }
        out
    }

    /// An optional TOML date (`2026-12-08`, no time), kept as `YYYY-MM-DD`.
    fn date(&mut self, f: &HashMap<String, &Value<'_>>, key: &str) -> Option<String> {
        let v = f.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                d.date.and_then(|d| {
                    chrono::NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    )
                })
            }
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                v.span(),
                format!("`{key}` must be a date written like 2026-12-08 (no quotes, no time)"),
            );
        }
        parsed.map(|d| d.format("%Y-%m-%d").to_string())
    }

    fn version(&mut self, f: &HashMap<String, &Value<'_>>) -> Option<u32> {
        let Some(v) = f.get("version") else {
            self.error(0..0, "the playbook is missing required key `version`");
            return None;
        };
        let parsed = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i
                .as_str()
                .replace('_', "")
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                v.span(),
                "`version` must be a whole number of at least 1 (bump it on every change)",
            );
        }
        parsed
    }

    fn steps(&mut self, f: &HashMap<String, &Value<'_>>) -> Option<Vec<Step>> {
        let Some(v) = f.get("steps") else {
            self.error(
                0..0,
                "the playbook has no steps: add at least one [[steps]] table",
            );
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(v.span(), "`steps` must be written as [[steps]] tables");
            return None;
        };
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut steps = Vec::new();
        let mut after_refs = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                self.error(item.span(), "each step must be a [[steps]] table");
                ok = false;
                continue;
            };
            let before = self.diags.len();
            let step = self.step(t, &item.span(), &mut seen, &mut after_refs);
            ok &= step.is_some() && self.diags.len() == before;
            steps.extend(step);
        }
        for (step_id, target, span) in after_refs {
            if target == step_id {
                self.error(span, format!("step `{step_id}` cannot come after itself"));
            } else if !seen.contains_key(&target) {
                self.error(
                    span,
                    format!("step `{step_id}` refers to unknown step `{target}` in `after`"),
                );
            }
        }
        if steps.is_empty() && ok {
            self.error(
                v.span(),
                "the playbook has no steps: add at least one [[steps]] table",
            );
        }
        ok.then_some(steps)
    }

    fn step(
        &mut self,
        t: &DeTable<'_>,
        at: &Range<usize>,
        seen: &mut HashMap<String, u32>,
        after_refs: &mut Vec<(String, String, Range<usize>)>,
    ) -> Option<Step> {
        let f = self.fields(t, STEP_KEYS, "a step");
        let id = self.string(&f, "id", at, "this step");
        let id = self.id(id, "step");
        if let Some((id, span)) = &id {
            let line = self.line_of(span.start);
            self.step_at.entry(id.clone()).or_insert(span.clone());
            if let Some(first) = seen.insert(id.clone(), line) {
                self.error(
                    span.clone(),
                    format!("duplicate step id `{id}` (first defined on line {first})"),
                );
            }
        }
        let section: Option<Section> = {
            let v = self.string(&f, "section", at, "this step");
            self.parsed(v)
        };
        let owner: Option<Role> = {
            let v = self.string(&f, "owner", at, "this step");
            self.parsed(v)
        };
        let title = self.string(&f, "title", at, "this step");
        if let Some((t, span)) = &title {
            if t.chars().count() > TITLE_MAX || t.contains('\n') {
                self.error(
                    span.clone(),
                    format!("a step title is one line of at most {TITLE_MAX} characters"),
                );
            }
        }
        let guidance = self.string(&f, "guidance", at, "this step").map(|(s, _)| s);
        let output = self.string(&f, "output", at, "this step").map(|(s, _)| s);
        let when = self.conditions(&f);
        let after: Vec<String> = self
            .strings(&f, "after")
            .into_iter()
            .map(|(target, span)| {
                if let Some((sid, _)) = &id {
                    after_refs.push((sid.clone(), target.clone(), span));
                }
                target
            })
            .collect();
        let csf = self.coded_list(&f, "csf", is_csf, "a CSF 2.0 subcategory like RS.MI-01");
        let attack = self.coded_list(
            &f,
            "attack",
            is_attack,
            "an ATT&CK id like TA0040, T1486 or T1566.001",
        );
        Some(Step {
            id: id?.0,
            section: section?,
            title: title?.0,
            owner: owner?,
            guidance: guidance?,
            output: output?,
            when,
            after,
            csf,
            attack,
        })
    }

    fn conditions(&mut self, f: &HashMap<String, &Value<'_>>) -> Vec<Condition> {
        let mut out = Vec::new();
        for (text, span) in self.strings(f, "when") {
            let trimmed = text.trim();
            let (negated, name) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, trimmed),
            };
            match name.parse::<Fact>() {
                Ok(fact) => out.push(Condition { fact, negated }),
                Err(_) => self.error(
                    span,
                    format!(
                        "unknown fact {name:?} in `when`; known facts: {}",
                        Fact::codes()
                    ),
                ),
            }
        }
        out
    }

    fn coded_list(
        &mut self,
        f: &HashMap<String, &Value<'_>>,
        key: &str,
        valid: fn(&str) -> bool,
        expected: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (text, span) in self.strings(f, key) {
            if valid(&text) {
                out.push(text);
            } else {
                self.error(span, format!("{text:?} in `{key}` is not {expected}"));
            }
        }
        out
    }

    fn line_of(&self, offset: usize) -> u32 {
        let line = self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// `RS.MI-01`: function, category, two-digit subcategory.
fn is_csf(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2] == b'.'
        && b[3..5].iter().all(u8::is_ascii_uppercase)
        && b[5] == b'-'
        && b[6..].iter().all(u8::is_ascii_digit)
}

/// `TA0040`, `T1486` or `T1566.001`.
fn is_attack(s: &str) -> bool {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|c| c.is_ascii_digit());
    if let Some(rest) = s.strip_prefix("TA") {
        return digits(rest, 4);
    }
    match s
        .strip_prefix('T')
        .map(|r| r.split_once('.').unwrap_or((r, "")))
    {
        Some((tech, "")) => digits(tech, 4) && !s.ends_with('.'),
        Some((tech, sub)) => digits(tech, 4) && digits(sub, 3),
        None => false,
    }
}
