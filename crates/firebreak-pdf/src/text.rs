//! Measuring and line-breaking text. No shaping or kerning: reports are Latin-script prose,
//! identifiers and numbers, where advance widths alone set text well.

use crate::fonts::Font;

/// Slack for float comparisons so a line that exactly fits is not pushed over.
const EPS: f64 = 1e-6;

/// Normalises caller text: CRLF/CR → LF, tab → space, other control characters dropped
/// (they have no glyphs and would only render as boxes).
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Breaks `text` into lines no wider than `max_w`: at spaces where possible, between
/// characters inside words too long for a line (hashes, URLs), and always at '\n'.
/// An empty input yields one empty line so blank cells keep their height.
pub(crate) fn wrap(font: &Font, size: f64, text: &str, max_w: f64) -> Vec<String> {
    // Trailing newlines are almost always accidental and would leave blank lines behind.
    let cleaned = clean(text);
    let text = cleaned.trim_end();
    let space_w = font.char_width(' ', size);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = Line::default();
        for word in para.split(' ') {
            let word_w = font.text_width(word, size);
            if line.started && line.width + space_w + word_w <= max_w + EPS {
                line.text.push(' ');
                line.text.push_str(word);
                line.width += space_w + word_w;
                continue;
            }
            if line.started {
                out.push(std::mem::take(&mut line).text);
            }
            if word_w <= max_w + EPS {
                line = Line {
                    text: word.to_owned(),
                    width: word_w,
                    started: true,
                };
            } else {
                break_word(font, size, word, max_w, &mut line, &mut out);
            }
        }
        out.push(line.text);
    }
    out
}

#[derive(Default)]
struct Line {
    text: String,
    width: f64,
    /// Distinguishes a line holding an empty word (from doubled spaces) from no line at all.
    started: bool,
}

/// Character-level breaking; the tail stays in `line` so following words can join it.
fn break_word(
    font: &Font,
    size: f64,
    word: &str,
    max_w: f64,
    line: &mut Line,
    out: &mut Vec<String>,
) {
    for c in word.chars() {
        let w = font.char_width(c, size);
        if !line.text.is_empty() && line.width + w > max_w + EPS {
            out.push(std::mem::take(&mut line.text));
            line.width = 0.0;
        }
        line.text.push(c);
        line.width += w;
    }
    line.started = true;
}

/// Shortens single-line text (header, footer) with a trailing ellipsis to fit `max_w`.
pub(crate) fn ellipsize(font: &Font, size: f64, text: &str, max_w: f64) -> String {
    let text: String = clean(text)
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    if font.text_width(&text, size) <= max_w + EPS {
        return text;
    }
    let budget = max_w - font.char_width('…', size);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = font.char_width(c, size);
        if width + w > budget + EPS {
            break;
        }
        out.push(c);
        width += w;
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontId, Fonts};

    #[test]
    fn wraps_at_spaces_and_inside_long_words() -> Result<(), crate::PdfError> {
        let fonts = Fonts::load()?;
        let font = fonts.get(FontId::Regular);
        let lines = wrap(
            font,
            10.0,
            "alpha beta gamma",
            font.text_width("alpha beta", 10.0),
        );
        assert_eq!(lines, vec!["alpha beta".to_owned(), "gamma".to_owned()]);

        let hash = "a".repeat(40);
        let max = font.text_width(&"a".repeat(15), 10.0);
        let lines = wrap(font, 10.0, &format!("x {hash}"), max);
        assert_eq!(lines.concat(), format!("x{hash}"));
        assert!(lines.iter().all(|l| font.text_width(l, 10.0) <= max + EPS));
        assert_eq!(lines.len(), 4);
        Ok(())
    }

    #[test]
    fn keeps_hard_breaks_and_empty_text() -> Result<(), crate::PdfError> {
        let fonts = Fonts::load()?;
        let font = fonts.get(FontId::Regular);
        assert_eq!(wrap(font, 10.0, "", 100.0), vec![String::new()]);
        assert_eq!(
            wrap(font, 10.0, "a\r\n\nb\tc\n\n", 100.0),
            vec!["a", "", "b c"]
        );
        Ok(())
    }

    #[test]
    fn ellipsizes_long_text() -> Result<(), crate::PdfError> {
        let fonts = Fonts::load()?;
        let font = fonts.get(FontId::Regular);
        let out = ellipsize(font, 10.0, &"word ".repeat(50), 100.0);
        assert!(out.ends_with('…'));
        assert!(font.text_width(&out, 10.0) <= 100.0 + EPS);
        assert_eq!(ellipsize(font, 10.0, "short", 100.0), "short");
        Ok(())
    }
}
