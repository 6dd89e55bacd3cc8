//! The page-breaking engine. Everything in the flow is placed as a [`Row`]: side-by-side
//! cells of pre-wrapped lines plus a decoration. Rows move to the next page or split
//! between lines, so tables, lists, callouts and paragraphs share one breaking policy.

use crate::fonts::{FontId, Fonts};
use crate::style::{Rgb, CONTENT_BOTTOM, CONTENT_TOP, CONTENT_W, HAIRLINE, MARGIN_X};
use crate::style::{CALLOUT_BAR_W, RULE};

const EPS: f64 = 1e-6;

/// A drawing instruction. Coordinates are points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// `y` is the baseline.
    Text {
        font: FontId,
        size: f64,
        x: f64,
        y: f64,
        color: Rgb,
        text: String,
    },
    /// Filled rectangle; `y` is the top edge.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        color: Rgb,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        width: f64,
        color: Rgb,
    },
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub(crate) ops: Vec<Op>,
}

/// One laid-out line of a cell.
#[derive(Debug, Clone)]
pub(crate) struct TLine {
    pub(crate) text: String,
    pub(crate) font: FontId,
    pub(crate) size: f64,
    pub(crate) color: Rgb,
    pub(crate) height: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) x: f64,
    pub(crate) lines: Vec<TLine>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Decor {
    None,
    /// Background band across the text width (table header).
    Band(Rgb),
    /// Line under the row across the text width.
    Underline {
        width: f64,
        color: Rgb,
    },
    /// Tinted box with a coloured bar on its left edge.
    Callout {
        bar: Rgb,
        bg: Rgb,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) cells: Vec<Cell>,
    pub(crate) pad_top: f64,
    pub(crate) pad_bottom: f64,
    /// Move the whole row to a new page rather than split it, unless it is taller than a page.
    pub(crate) keep: bool,
    pub(crate) decor: Decor,
}

impl Row {
    pub(crate) fn height(&self) -> f64 {
        self.pad_top + self.pad_bottom + content_height(&self.cells)
    }
}

fn content_height(cells: &[Cell]) -> f64 {
    cells
        .iter()
        .map(|c| c.lines.iter().map(|l| l.height).sum::<f64>())
        .fold(0.0, f64::max)
}

pub(crate) struct Layout<'a> {
    pub(crate) fonts: &'a Fonts,
    pub(crate) pages: Vec<Page>,
    pub(crate) y: f64,
    /// Where content starts on the current page (below a repeated table header).
    fresh_y: f64,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(fonts: &'a Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Page::default()],
            y: CONTENT_TOP,
            fresh_y: CONTENT_TOP,
        }
    }

    pub(crate) fn at_top(&self) -> bool {
        self.y <= self.fresh_y + EPS
    }

    pub(crate) fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.ops.is_empty())
    }

    pub(crate) fn remaining(&self) -> f64 {
        CONTENT_BOTTOM - self.y
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = CONTENT_TOP;
        self.fresh_y = CONTENT_TOP;
    }

    pub(crate) fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.ops.push(op);
        }
    }

    /// Vertical space between blocks; swallowed at the top of a page.
    pub(crate) fn gap(&mut self, h: f64) {
        if !self.at_top() {
            self.y += h;
        }
    }

    pub(crate) fn hline(&mut self, y: f64, width: f64, color: Rgb) {
        self.push(Op::Line {
            x1: MARGIN_X,
            y1: y,
            x2: MARGIN_X + CONTENT_W,
            y2: y,
            width,
            color,
        });
    }

    pub(crate) fn tline(
        &self,
        text: String,
        font: FontId,
        size: f64,
        color: Rgb,
        height: f64,
    ) -> TLine {
        TLine {
            text,
            font,
            size,
            color,
            height,
        }
    }

    /// Wraps `text` into lines of one style.
    pub(crate) fn lines(
        &self,
        text: &str,
        font: FontId,
        size: f64,
        color: Rgb,
        max_w: f64,
    ) -> Vec<TLine> {
        let height = crate::style::line_height(size);
        crate::text::wrap(self.fonts.get(font), size, text, max_w)
            .into_iter()
            .map(|t| self.tline(t, font, size, color, height))
            .collect()
    }

    /// Draws a row without page-break checks (used for repeated table headers).
    pub(crate) fn draw_whole(&mut self, row: &Row) {
        let h = row.height();
        self.draw_fragment(&row.cells, row.pad_top, h, row.decor);
        self.y += h;
    }

    /// Places a row, breaking pages as needed; `repeat` is redrawn atop each new page.
    pub(crate) fn place(&mut self, row: Row, repeat: Option<&Row>) {
        let repeat_h = repeat.map_or(0.0, Row::height);
        let capacity = CONTENT_BOTTOM - CONTENT_TOP - repeat_h;
        let Row {
            mut cells,
            pad_top,
            pad_bottom,
            keep,
            decor,
        } = row;
        loop {
            let pads = pad_top + pad_bottom;
            let full = pads + content_height(&cells);
            if full <= self.remaining() + EPS {
                self.draw_fragment(&cells, pad_top, full, decor);
                self.y += full;
                return;
            }
            let budget = self.remaining() - pads;
            let fitting = cells
                .iter()
                .map(|c| fit_count(&c.lines, budget))
                .max()
                .unwrap_or(0);
            let most = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0);
            // Orphan control: never leave a single line of a multi-line row behind.
            let too_few = fitting == 0 || (fitting < 2 && most > 1);
            if !self.at_top() && ((keep && full <= capacity + EPS) || too_few) {
                self.break_page(repeat);
                continue;
            }
            let mut taken = Vec::with_capacity(cells.len());
            for cell in &mut cells {
                // On a fresh page at least one line per cell must go, or we would never end.
                let mut n = fit_count(&cell.lines, budget).max(1).min(cell.lines.len());
                // Widow control: don't carry a lone last line over to the next page.
                if cell.lines.len() - n == 1 && n >= 3 {
                    n -= 1;
                }
                taken.push(Cell {
                    x: cell.x,
                    lines: cell.lines.drain(..n).collect(),
                });
            }
            let h = pads + content_height(&taken);
            self.draw_fragment(&taken, pad_top, h, decor);
            self.y += h;
            if cells.iter().all(|c| c.lines.is_empty()) {
                return;
            }
            self.break_page(repeat);
        }
    }

    fn break_page(&mut self, repeat: Option<&Row>) {
        self.new_page();
        if let Some(header) = repeat {
            self.draw_whole(header);
            self.fresh_y = self.y;
        }
    }

    fn draw_fragment(&mut self, cells: &[Cell], pad_top: f64, h: f64, decor: Decor) {
        let top = self.y;
        match decor {
            Decor::None => {}
            Decor::Band(color) => self.push(Op::Rect {
                x: MARGIN_X,
                y: top,
                w: CONTENT_W,
                h,
                color,
            }),
            Decor::Underline { width, color } => self.hline(top + h, width, color),
            Decor::Callout { bar, bg } => {
                self.push(Op::Rect {
                    x: MARGIN_X,
                    y: top,
                    w: CONTENT_W,
                    h,
                    color: bg,
                });
                self.push(Op::Rect {
                    x: MARGIN_X,
                    y: top,
                    w: CALLOUT_BAR_W,
                    h,
                    color: bar,
                });
            }
        }
        for cell in cells {
            let mut line_top = top + pad_top;
            for line in &cell.lines {
                if !line.text.trim().is_empty() {
                    let font = self.fonts.get(line.font);
                    let baseline =
                        line_top + line.height / 2.0 + line.size * font.center_to_baseline();
                    self.push(Op::Text {
                        font: line.font,
                        size: line.size,
                        x: cell.x,
                        y: baseline,
                        color: line.color,
                        text: line.text.clone(),
                    });
                }
                line_top += line.height;
            }
        }
    }

    /// A thin rule across the text width with some air around it.
    pub(crate) fn rule(&mut self) {
        if self.remaining() < 12.0 {
            // A rule at a page break separates nothing; the break already does.
            self.new_page();
            return;
        }
        self.gap(4.0);
        let y = self.y;
        self.hline(y, HAIRLINE, RULE);
        self.y += 6.0;
    }
}

/// How many leading lines fit in `budget`.
fn fit_count(lines: &[TLine], budget: f64) -> usize {
    let mut used = 0.0;
    lines
        .iter()
        .take_while(|l| {
            used += l.height;
            used <= budget + EPS
        })
        .count()
}
