//! The executive brief: one page, plain sentences, for a board that has five minutes — the
//! bottom line first, then what is overdue and who owns it, what they must decide (with a
//! recommendation drawn from the record), what was already decided, what is coming, the
//! impact and the next steps. Times are in the organisation's zone with UTC beside.
//!
//! It must fit one A4 page: the brief is laid out, and while it takes more than a page the
//! least urgent list is shortened, ending in "+N more — see the full report".

use firebreak_pdf::{Block, Document, TextStyle};

use super::brief_lines::{self as lines, Lines};
use super::clock::Clock;
use super::data::ReportData;
use super::{framed, para};

/// The most items any list starts with; fitting may shorten lists further.
const LIST_MAX: usize = 6;

/// Lists in the order they give way when the page is full: next steps first, overdue
/// deadlines last. The minimum keeps at least the most urgent item of each.
const GIVE_WAY: [(Section, usize); 6] = [
    (Section::Next, 1),
    (Section::Taken, 1),
    (Section::Upcoming, 1),
    (Section::Impact, 2),
    (Section::Needed, 1),
    (Section::Overdue, 1),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Overdue,
    Needed,
    Taken,
    Upcoming,
    Impact,
    Next,
}

pub fn build(d: &ReportData) -> Document {
    let clock = Clock::new(d.home_zone.as_deref(), d.now_utc());
    let all = lines::gather(d, &clock);
    let mut caps = [LIST_MAX; 6];
    let Ok(measure) = firebreak_pdf::Measure::new() else {
        return compose(d, &clock, &all, &caps, 1);
    };
    // Ruled section headings while everything fits; plain ones before any list is cut.
    let roomy = compose(d, &clock, &all, &caps, 1);
    if measure.pages(&roomy) <= 1 {
        return roomy;
    }
    loop {
        let doc = compose(d, &clock, &all, &caps, 2);
        if measure.pages(&doc) <= 1 || !shrink(&all, &mut caps) {
            return doc;
        }
    }
}

/// Shortens the first list (in [`GIVE_WAY`] order) that can still give an item.
fn shrink(all: &Lines, caps: &mut [usize; 6]) -> bool {
    for (section, min) in GIVE_WAY {
        let i = section as usize;
        let len = list(all, section).len();
        let shown = caps[i].min(len);
        // Cutting one of a full list costs a "+1 more" line and saves nothing: cut two.
        let fewer = if shown == len {
            shown.saturating_sub(2)
        } else {
            shown - 1
        };
        if shown > min && fewer >= min {
            caps[i] = fewer;
            return true;
        }
    }
    false
}

fn list(all: &Lines, s: Section) -> &[String] {
    match s {
        Section::Overdue => &all.overdue,
        Section::Needed => &all.needed,
        Section::Taken => &all.taken,
        Section::Upcoming => &all.upcoming,
        Section::Impact => &all.impact,
        Section::Next => &all.next,
    }
}

fn compose(
    d: &ReportData,
    clock: &Clock,
    all: &Lines,
    caps: &[usize; 6],
    heading_level: u8,
) -> Document {
    let i = &d.incident;
    let mut blocks = vec![
        Block::Title {
            // The e2e journey reads "Executive brief: <title>" as the report's title.
            text: format!("Executive brief: {}", i.title),
            subtitle: format!(
                "{} · {} · as of {}",
                i.severity.label(),
                i.incident_type.label(),
                clock.at(clock.now)
            ),
        },
        all.bottom_line.clone(),
    ];
    let section = |blocks: &mut Vec<Block>, s: Section, heading: &str, empty: &str| {
        blocks.push(Block::Heading {
            level: heading_level,
            text: heading.into(),
        });
        if s == Section::Impact && !i.summary.is_empty() {
            blocks.push(para(&i.summary));
        }
        let items = list(all, s);
        if items.is_empty() {
            blocks.push(Block::Paragraph {
                text: empty.into(),
                style: TextStyle::Muted,
            });
        } else {
            blocks.push(Block::Bullets(capped(items, caps[s as usize])));
        }
    };
    if !all.overdue.is_empty() {
        section(&mut blocks, Section::Overdue, "Overdue now", "");
    }
    section(
        &mut blocks,
        Section::Needed,
        "Decisions needed",
        "None pending.",
    );
    section(
        &mut blocks,
        Section::Taken,
        "Decisions already taken",
        "None recorded yet.",
    );
    section(
        &mut blocks,
        Section::Upcoming,
        "Upcoming deadlines",
        "No dated deadline is coming up.",
    );
    section(&mut blocks, Section::Impact, "Impact and containment", "");
    section(
        &mut blocks,
        Section::Next,
        "Next steps for the response team",
        "No playbook step is waiting.",
    );
    let mut doc = framed(d, "Executive brief", blocks);
    // Like every time in the brief: the organisation's zone, UTC beside.
    let by = match d.generated_by.as_str() {
        "" => String::new(),
        who => format!(" by {who}"),
    };
    doc.footer = format!("Firebreak · prepared {}{by}", clock.at(clock.now));
    doc
}

/// The first `cap` items, then how many more there are and where to find them.
fn capped(items: &[String], cap: usize) -> Vec<String> {
    if items.len() <= cap {
        return items.to_vec();
    }
    let mut out: Vec<String> = items[..cap].to_vec();
    out.push(format!(
        "+{} more — see the full report.",
        items.len() - cap
    ));
    out
}
