//! `firebreak contacts import|export`: the stakeholder directory as files, all or nothing,
//! a dry run that changes nothing, and an export that never replaces a file unasked.

mod common;

use common::{Env, TestResult};

const CARDS: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Whitfield;Dana\r\n\
ORG:Whitfield & Roe LLP\r\nTEL;WORK;VOICE:+1 212 555 0100\r\n\
EMAIL;PREF;INTERNET:dana@whitfield.example\r\n\
NOTE;ENCODING=QUOTED-PRINTABLE:Call first=0D=0A=\r\nthen Signal\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Nair\r\nitem1.EMAIL;type=INTERNET;type=pref:priya@corp.example\r\nEND:VCARD\r\n";

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn names(env: &Env) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let path = env.dir.path().join("check.csv");
    let _ = std::fs::remove_file(&path);
    ok(&env.run(&[
        "contacts",
        "export",
        "-o",
        path.to_str().unwrap_or_default(),
    ])?);
    let mut r = csv::Reader::from_path(&path)?;
    Ok(r.records()
        .filter_map(Result::ok)
        .map(|r| r[0].to_owned())
        .collect())
}

#[test]
fn a_dry_run_counts_without_changing_and_the_import_then_adds() -> TestResult {
    let env = Env::new()?;
    let file = env.file("book.vcf", CARDS)?;
    let file = file.to_str().unwrap_or_default();
    let dry = ok(&env.run(&["contacts", "import", file, "--dry-run"])?);
    assert!(dry.contains("would add 2, would update 0"), "{dry}");
    assert!(dry.contains("nothing was changed"), "{dry}");
    assert!(names(&env)?.is_empty());

    let done = ok(&env.run(&["contacts", "import", file, "--json"])?);
    let summary: serde_json::Value = serde_json::from_str(&done)?;
    assert_eq!(
        (summary["added"].as_u64(), summary["updated"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(names(&env)?, ["Dana Whitfield", "Priya Nair"]);
    let again = ok(&env.run(&["contacts", "import", file, "--dry-run"])?);
    assert!(again.contains("would add 0, would update 2"), "{again}");
    Ok(())
}

#[test]
fn a_hostile_file_is_refused_with_its_line_and_nothing_is_added() -> TestResult {
    let env = Env::new()?;
    let hostile = CARDS.replace("FN:Priya Nair", "FN:Counsel <x@evil.example>\\, Ops");
    let file = env.file("book.vcf", &hostile)?;
    let out = env.run(&["contacts", "import", file.to_str().unwrap_or_default()])?;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 12") && err.contains("FN: the name"),
        "{err}"
    );
    assert!(names(&env)?.is_empty());
    Ok(())
}

#[test]
fn an_export_never_replaces_a_file_unless_forced() -> TestResult {
    let env = Env::new()?;
    let file = env.file("book.vcf", CARDS)?;
    ok(&env.run(&["contacts", "import", file.to_str().unwrap_or_default()])?);
    let target = env.file("people.vcf", "keep me")?;
    let target = target.to_str().unwrap_or_default();
    let out = env.run(&["contacts", "export", "-o", target])?;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(target)?, "keep me");

    let done = ok(&env.run(&["contacts", "export", "-o", target, "--force"])?);
    assert!(done.contains("2 people"), "{done}");
    let vcf = std::fs::read_to_string(target)?;
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 2);
    assert!(vcf.contains("NOTE:Call first\\nthen Signal\r\n"), "{vcf}");
    Ok(())
}

/// The real Outlook export in ../shared/thirdparty (when present) imports through the CLI.
#[test]
fn an_outlook_export_imports_from_the_command_line() -> TestResult {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(sample) = root
        .ancestors()
        .map(|d| d.join("shared/thirdparty/vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf"))
        .find(|p| p.exists())
    else {
        eprintln!("skipped: ../shared/thirdparty/vcard is not here");
        return Ok(());
    };
    let env = Env::new()?;
    let done = ok(&env.run(&["contacts", "import", sample.to_str().unwrap_or_default()])?);
    assert!(done.contains("added 1"), "{done}");
    assert_eq!(names(&env)?, ["Mr. John Richter James Doe Sr."]);
    Ok(())
}
