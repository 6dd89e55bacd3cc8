//! Writes the test fixture report to a file, for eyeballing layout changes:
//! `cargo run -p firebreak-pdf --example sample -- /tmp/report.pdf`
#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "report.pdf".to_owned());
    let bytes = firebreak_pdf::render(&common::report())?;
    std::fs::write(&out, &bytes)?;
    println!("{out}: {} bytes", bytes.len());
    Ok(())
}
