//! The report document as one self-contained HTML file: inline styles, no scripts, no
//! external resources, printable on A4 with the same sections as the PDF.

use firebreak_pdf::{Block, Document, TextStyle, Tone};

const STYLE: &str = "
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f5; color: #1f2328; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; }
main { max-width: 820px; margin: 24px auto; background: #fff; padding: 40px 48px; border: 1px solid #d8dadd; }
.marking { font-size: 12px; color: #6b7280; letter-spacing: .02em; margin-bottom: 20px; }
h1.title { font-size: 26px; margin: 0 0 4px; }
p.subtitle { color: #4b5563; margin: 0 0 20px; }
h2 { font-size: 18px; border-bottom: 1px solid #d0d4d9; padding-bottom: 4px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 13px; margin: 14px 0 4px; }
p { margin: 6px 0; white-space: pre-line; }
p.muted { color: #6b7280; }
p.bold { font-weight: 600; }
p.mono, td.mono { font-family: 'DejaVu Sans Mono', ui-monospace, monospace; font-size: 12px; word-break: break-all; }
dl { display: grid; grid-template-columns: 30% 70%; margin: 8px 0; }
dt { font-weight: 600; padding: 3px 8px 3px 0; }
dd { margin: 0; padding: 3px 0; white-space: pre-line; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
th { text-align: left; background: #eef0f2; padding: 5px 6px; }
td { padding: 5px 6px; border-top: 1px solid #e3e5e8; vertical-align: top; white-space: pre-line; }
ul { margin: 6px 0; padding-left: 22px; }
.callout { border-left: 4px solid; padding: 8px 12px; margin: 10px 0; background: #f8fafc; }
.callout strong { display: block; }
.info { border-color: #2563eb; } .success { border-color: #16a34a; }
.warning { border-color: #d97706; background: #fffbeb; } .danger { border-color: #dc2626; background: #fef2f2; }
hr { border: 0; border-top: 1px solid #d0d4d9; margin: 14px 0; }
footer { margin-top: 28px; font-size: 12px; color: #6b7280; }
.page-break { break-after: page; }
@media print {
  body { background: #fff; }
  main { margin: 0; border: 0; padding: 0; max-width: none; }
  @page { size: A4; margin: 18mm 16mm; }
  tr, .callout { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
";

/// Nothing in a report loads or runs: no script, no remote image or font, no form. Escaping
/// is the first defence against text from imported files; this is the second, for a
/// browser that opens the file. The timeline's HTML export carries the same tag.
pub const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";

pub fn render(doc: &Document) -> String {
    let mut b = String::with_capacity(16 * 1024);
    b.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    b.push_str(CSP);
    b.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    b.push_str(&format!("<title>{}</title>\n", esc(&doc.title)));
    b.push_str(&format!(
        "<meta name=\"author\" content=\"{}\">\n",
        esc(&doc.author)
    ));
    b.push_str(&format!("<style>{STYLE}</style></head>\n<body><main>\n"));
    if !doc.header.is_empty() {
        b.push_str(&format!(
            "<div class=\"marking\">{}</div>\n",
            esc(&doc.header)
        ));
    }
    for block in &doc.blocks {
        block_html(&mut b, block);
    }
    if !doc.footer.is_empty() {
        b.push_str(&format!("<footer>{}</footer>\n", esc(&doc.footer)));
    }
    b.push_str("</main></body></html>\n");
    b
}

fn block_html(b: &mut String, block: &Block) {
    match block {
        Block::Title { text, subtitle } => {
            b.push_str(&format!("<h1 class=\"title\">{}</h1>\n", esc(text)));
            if !subtitle.is_empty() {
                b.push_str(&format!("<p class=\"subtitle\">{}</p>\n", esc(subtitle)));
            }
        }
        Block::Heading { level, text } => {
            let h = match level {
                1 => "h2",
                2 => "h3",
                _ => "h4",
            };
            b.push_str(&format!("<{h}>{}</{h}>\n", esc(text)));
        }
        Block::Paragraph { text, style } => {
            let class = match style {
                TextStyle::Normal => "",
                TextStyle::Muted => " class=\"muted\"",
                TextStyle::Bold => " class=\"bold\"",
                TextStyle::Mono => " class=\"mono\"",
            };
            b.push_str(&format!("<p{class}>{}</p>\n", esc(text)));
        }
        Block::KeyValues(rows) => {
            b.push_str("<dl>\n");
            for (k, v) in rows {
                b.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
            }
            b.push_str("</dl>\n");
        }
        Block::Table { columns, rows } => {
            b.push_str("<table><thead><tr>");
            for c in columns {
                b.push_str(&format!("<th>{}</th>", esc(&c.header)));
            }
            b.push_str("</tr></thead><tbody>\n");
            for r in rows {
                b.push_str("<tr>");
                for (i, c) in columns.iter().enumerate() {
                    let cell = r.get(i).map(String::as_str).unwrap_or("");
                    let class = if c.mono { " class=\"mono\"" } else { "" };
                    b.push_str(&format!("<td{class}>{}</td>", esc(cell)));
                }
                b.push_str("</tr>\n");
            }
            b.push_str("</tbody></table>\n");
        }
        Block::Bullets(items) => {
            b.push_str("<ul>\n");
            for i in items {
                b.push_str(&format!("<li>{}</li>\n", esc(i)));
            }
            b.push_str("</ul>\n");
        }
        Block::Callout { tone, title, text } => {
            let class = match tone {
                Tone::Info => "info",
                Tone::Success => "success",
                Tone::Warning => "warning",
                Tone::Danger => "danger",
            };
            b.push_str(&format!(
                "<div class=\"callout {class}\"><strong>{}</strong>{}</div>\n",
                esc(title),
                esc(text)
            ));
        }
        Block::Spacer => b.push_str("<div style=\"height:1em\"></div>\n"),
        Block::Rule => b.push_str("<hr>\n"),
        Block::PageBreak => b.push_str("<div class=\"page-break\"></div>\n"),
    }
}

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
