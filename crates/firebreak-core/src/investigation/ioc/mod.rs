//! Indicators of compromise as values: parsing, extraction from text, and export.

mod extract;
pub(crate) mod feed;
pub(crate) mod misp;
mod parse;
pub(crate) mod pattern;
pub mod stix;
pub(crate) mod stix_in;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

pub use extract::extract;
pub use parse::{detect, parse_as, refang, IocType, Parsed};

use crate::investigation::Indicator;
use crate::{Error, Result};

/// The indicators as CSV, one per row, for spreadsheets and tools without STIX.
pub fn to_csv(indicators: &[Indicator]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Io {
        context: "writing indicator CSV".into(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record([
        "type",
        "value",
        "original",
        "tlp",
        "first_seen",
        "last_seen",
        "description",
        "added_by",
        "added_at",
    ])
    .map_err(fail)?;
    // Opened in spreadsheets: text from reports and pasted threat intelligence must not run
    // as a formula (`=HYPERLINK(…)`, `@SUM(…)`), so such cells start with an apostrophe.
    let cell = crate::files::spreadsheet_cell;
    for i in indicators {
        let at = |m: &Option<crate::time::Moment>| m.map(|m| m.to_rfc3339()).unwrap_or_default();
        w.write_record([
            i.ioc_type.code(),
            &cell(&i.value),
            &cell(&i.original),
            i.tlp.label(),
            &at(&i.first_seen),
            &at(&i.last_seen),
            &cell(&i.description),
            &cell(&i.added_by),
            &i.added_at.to_rfc3339(),
        ])
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::Io {
        context: "writing indicator CSV".into(),
        source: std::io::Error::other(e.to_string()),
    })
}
