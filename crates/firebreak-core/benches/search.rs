//! Playbook full-text search latency over a library of at least 1,000 steps.
//! Run: `cargo bench -p firebreak-core --bench search`. Prints p50/p95/max per query set;
//! the target is p95 < 20 ms.

use std::time::{Duration, Instant};

use firebreak_core::playbook::{self, library::BUILTIN};
use firebreak_core::Store;

const MIN_STEPS: usize = 1_000;
const ROUNDS: usize = 200;
const QUERIES: &[&str] = &[
    "isolate",
    "wire recall bank",
    "memory image",
    "personal data 72 hours",
    "krbtgt",
    "forwarding rule",
    "sanctions",
    "backup",
    "law enforcement",
    "lessons learned",
    "mfa",
    "cloudtrail",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("bench.db"))?;
    let per_copy: usize = BUILTIN
        .iter()
        .map(|(_, t)| t.matches("[[steps]]").count())
        .sum();
    let copies = MIN_STEPS.div_ceil(per_copy);
    // Copies of the built-ins under other ids: the same realistic text, a larger library.
    for n in 0..copies {
        for (file, text) in BUILTIN {
            let Some(first_line) = text.lines().find(|l| l.starts_with("id = ")) else {
                continue;
            };
            let id = first_line.trim_start_matches("id = ").trim_matches('"');
            let copy = text.replacen(first_line, &format!("id = \"{id}-copy-{n}\""), 1);
            playbook::import(&store, file, &copy)?;
        }
    }
    let steps = (copies + 1) * per_copy;
    println!(
        "library: {} playbooks, {steps} steps (built-ins + {copies} copies)",
        (copies + 1) * BUILTIN.len()
    );

    let mut all = Vec::new();
    let mut hits = 0;
    for _ in 0..ROUNDS {
        for q in QUERIES {
            let t = Instant::now();
            hits += playbook::search(&store, q, 50)?.len();
            all.push(t.elapsed());
        }
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "search: {} queries, {hits} hits: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (target p95 < 20 ms)",
        all.len(),
        ms(pct(0.50)),
        ms(pct(0.95)),
        ms(pct(1.0))
    );
    if ms(pct(0.95)) >= 20.0 {
        return Err("p95 search latency is over the 20 ms target".into());
    }
    Ok(())
}
