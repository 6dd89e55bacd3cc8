//! A hermetic environment for driving the real `firebreak` binary: a temp directory holding
//! the database and XDG folders, and a fixed actor name.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Result<Self, std::io::Error> {
        Ok(Env {
            dir: tempfile::tempdir()?,
        })
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("fb.db")
    }

    pub fn file(&self, name: &str, text: &str) -> Result<PathBuf, std::io::Error> {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text)?;
        Ok(p)
    }

    /// Runs firebreak against this environment's database.
    pub fn run(&self, args: &[&str]) -> Result<Output, std::io::Error> {
        let db = self.db();
        let mut full = vec!["--db", db.to_str().unwrap_or_default()];
        full.extend_from_slice(args);
        self.raw(&full)
    }

    /// Runs firebreak with exactly `args` (no `--db`).
    pub fn raw(&self, args: &[&str]) -> Result<Output, std::io::Error> {
        Command::new(env!("CARGO_BIN_EXE_firebreak"))
            .args(args)
            .env_remove("FIREBREAK_DB")
            .env("FIREBREAK_ACTOR", "cli-tester")
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env_remove("FIREBREAK_KEY_FILE")
            .env("HOME", self.dir.path())
            .output()
    }

    /// Declares an incident and returns its id.
    pub fn declare(
        &self,
        title: &str,
        kind: &str,
        severity: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let inc = self.json(&[
            "incident",
            "declare",
            "--title",
            title,
            "--type",
            kind,
            "--severity",
            severity,
        ])?;
        Ok(inc["id"].as_str().ok_or("no id")?.to_owned())
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
        let out = self.run(args)?;
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8(out.stdout)?)
    }

    /// Runs with `--json`, requires success and parses stdout.
    pub fn json(&self, args: &[&str]) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        let mut full = args.to_vec();
        full.push("--json");
        Ok(serde_json::from_str(&self.ok(&full)?)?)
    }
}

/// An external checker. In CI it must be installed (`.ci/run` does); on a developer
/// machine without it the check is skipped with a note, never silently passed.
pub fn tool(env_var: &str, name: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env_var)
        .map(PathBuf::from)
        .or_else(|| which(name));
    if path.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required in CI (set {env_var} or put it on PATH; .ci/run installs it)"
        );
        eprintln!("note: {name} not found; skipping this check");
    }
    path
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}
