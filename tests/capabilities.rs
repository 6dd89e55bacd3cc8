//! The window may call exactly the commands the UI has bindings for: every generated command
//! has an allow-permission in the capability (tauri.conf.json) and in build.rs, and no
//! permission is granted for a command that does not exist.

use std::collections::BTreeSet;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn read(path: &str) -> Result<String, std::io::Error> {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
}

/// Quoted names following `marker` in `text`.
fn quoted_after(text: &str, marker: &str) -> BTreeSet<String> {
    text.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn capability_grants_exactly_the_generated_commands() -> TestResult {
    let bindings = quoted_after(&read("ui/src/lib/bindings.ts")?, "__TAURI_INVOKE(\"");
    assert!(bindings.len() >= 8, "found only {bindings:?}");

    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")?)?;
    let granted: BTreeSet<String> = conf["app"]["security"]["capabilities"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["permissions"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect();
    let expected: BTreeSet<String> = bindings
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let (plugin, own): (BTreeSet<String>, BTreeSet<String>) =
        granted.into_iter().partition(|p| p.contains(':'));
    assert_eq!(
        own, expected,
        "capability permissions differ from the generated commands"
    );
    // Plugins only for the native open/save dialogs (file pickers for import and export) and
    // deadline reminders: no file-system, shell or HTTP access from the webview.
    let allowed_plugins: BTreeSet<String> = [
        "dialog:allow-open",
        "dialog:allow-save",
        "notification:allow-is-permission-granted",
        "notification:allow-request-permission",
        "notification:allow-notify",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(plugin, allowed_plugins, "unexpected plugin permissions");

    let build_rs = read("src-tauri/build.rs")?;
    let manifest: BTreeSet<String> = build_rs
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"') && l.ends_with("\","))
        .map(|l| l.trim_matches(|c| c == '"' || c == ',').to_owned())
        .collect();
    assert_eq!(
        manifest, bindings,
        "src-tauri/build.rs COMMANDS differ from the generated commands"
    );
    Ok(())
}

#[test]
fn content_security_policy_allows_nothing_remote() -> TestResult {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")?)?;
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .ok_or("no CSP object")?;
    for (directive, value) in csp {
        let value = value.as_str().unwrap_or_default();
        assert!(
            !value.contains("http://") || value.contains("http://ipc.localhost"),
            "{directive}: {value}"
        );
        assert!(
            !value.contains("https:") && !value.contains('*'),
            "{directive} allows remote content: {value}"
        );
    }
    assert_eq!(csp["default-src"], "'self'");
    Ok(())
}
