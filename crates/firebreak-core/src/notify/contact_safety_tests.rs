//! Hostile contact files and what they can no longer do: add a recipient to an exported
//! `.eml`, start a header or a vCard property, or run as a spreadsheet formula.

use mail_parser::MessageParser;

use super::contacts;
use super::directory::{self, ContactChannel, Stakeholder, StakeholderCategory};
use super::messages::{self, Message, Recipient};
use crate::catalog::IncidentType;
use crate::testing::with_incident;
use crate::{Error, Result};

fn write(dir: &std::path::Path, name: &str, text: &str) -> Result<std::path::PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|source| Error::Io {
        context: "test file".into(),
        source,
    })?;
    Ok(path)
}

fn refused_at(result: Result<contacts::ContactImport>, want: u64, says: &str) {
    match result {
        Err(Error::ImportRow { line, message, .. }) => {
            assert_eq!(line, want, "{message}");
            assert!(message.contains(says), "{message:?} should say {says:?}");
        }
        other => panic!("expected a refusal at line {want}, got {other:?}"),
    }
}

#[test]
fn a_name_with_address_syntax_is_refused_at_import_with_its_line() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "x")?;
    let csv = "name,category,primary_channel,primary_address\n\
               Ann,legal,email,ann@corp.example\n\
               \"Counsel <x@evil.example>, Ops\",legal,email,ops@corp.example\n";
    let path = write(f.dir.path(), "people.csv", csv)?;
    refused_at(
        contacts::import(&f.store, &path, "dana"),
        3,
        "reads as an e-mail address",
    );
    let vcf = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Counsel <x@evil.example>\\, Ops\r\n\
               EMAIL:ops@corp.example\r\nEND:VCARD\r\n";
    let path = write(f.dir.path(), "people.vcf", vcf)?;
    refused_at(contacts::import(&f.store, &path, "dana"), 3, "FN: the name");
    assert!(directory::list(&f.store)?.is_empty());
    Ok(())
}

#[test]
fn an_encoded_line_break_in_a_vcard_value_is_refused() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "x")?;
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEMAIL:ann@corp.example\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\n\
               TEL;TYPE=voice:+1 555 0100\\nBcc: x@evil.example\r\nEND:VCARD\r\n";
    let path = write(f.dir.path(), "people.vcf", vcf)?;
    refused_at(contacts::import(&f.store, &path, "dana"), 9, "line break");
    let vcf = vcf.replace(
        "TEL;TYPE=voice:+1 555 0100\\n",
        "EMAIL:bob@corp.example\\r\\n",
    );
    let path = write(f.dir.path(), "people.vcf", &vcf)?;
    refused_at(
        contacts::import(&f.store, &path, "dana"),
        9,
        "EMAIL: the value contains a line break",
    );
    assert!(directory::list(&f.store)?.is_empty());
    Ok(())
}

fn hostile_message() -> Message {
    let recipient = |name: &str, address: &str| Recipient {
        stakeholder_id: None,
        name: name.into(),
        address: address.into(),
    };
    Message {
        id: uuid::Uuid::nil(),
        incident_id: uuid::Uuid::nil(),
        rule_id: None,
        template_id: None,
        template_version: None,
        // As a database written before names and addresses were checked might hold them.
        recipients: vec![
            recipient("Counsel <x@evil.example>, Ops", "ops@corp.example"),
            recipient("Zoë \"the DPO\"", "dpo@corp.example"),
            recipient("", "y@evil.example>, z@corp.example"),
            recipient("Ann\r\nBcc: x@evil.example", "ann@corp.example"),
            recipient("Portal", "https://dpa.example/report"),
        ],
        channel: "email".into(),
        subject: "Update\r\nBcc: x@evil.example".into(),
        body: "Text".into(),
        sent: false,
        sent_at: None,
        sent_by: String::new(),
        updated_at: chrono::DateTime::default(),
    }
}

#[test]
fn an_eml_names_exactly_the_intended_recipients() {
    let eml = messages::eml(&hostile_message());
    let parsed = MessageParser::default().parse(eml.as_bytes());
    let Some(parsed) = parsed else {
        panic!("mail-parser could not read {eml}")
    };
    let to: Vec<(Option<String>, Option<String>)> = parsed
        .to()
        .map(|a| {
            a.iter()
                .map(|a| (a.name().map(str::to_owned), a.address().map(str::to_owned)))
                .collect()
        })
        .unwrap_or_default();
    let want = |n: &str, a: &str| (Some(n.to_owned()), Some(a.to_owned()));
    assert_eq!(
        to,
        vec![
            want("Counsel <x@evil.example>, Ops", "ops@corp.example"),
            want("Zoë \"the DPO\"", "dpo@corp.example"),
            want("Ann  Bcc: x@evil.example", "ann@corp.example"),
        ],
        "{eml}"
    );
    let names: Vec<&str> = parsed.headers().iter().map(|h| h.name()).collect();
    assert!(
        !names.iter().any(|n| n.eq_ignore_ascii_case("bcc")),
        "{eml}"
    );
    assert_eq!(parsed.subject(), Some("Update  Bcc: x@evil.example"));
}

fn stakeholder(name: &str, address: &str, notes: &str) -> Stakeholder {
    Stakeholder {
        id: uuid::Uuid::nil(),
        name: name.into(),
        organisation: String::new(),
        role: String::new(),
        category: StakeholderCategory::Legal,
        internal: true,
        primary_channel: ContactChannel::Phone,
        primary_address: address.into(),
        oob_channel: None,
        oob_address: String::new(),
        notes: notes.into(),
        updated_at: chrono::DateTime::default(),
    }
}

#[test]
fn a_vcard_export_escapes_every_control_character() {
    let list = [stakeholder(
        "Ann\rEND:VCARD",
        "+1 555\u{b}0100",
        "a\r\nb\u{1b}[31m\u{2028}c\u{0}",
    )];
    let vcf = contacts::to_vcard(&list);
    for line in vcf.split_terminator("\r\n") {
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    assert!(vcf.contains("FN:Ann\\nEND:VCARD\r\n"), "{vcf}");
    assert!(vcf.contains("NOTE:a\\nb [31m\\nc \r\n"), "{vcf}");
    let ends = vcf.split("\r\n").filter(|l| *l == "END:VCARD").count();
    assert_eq!(ends, 1, "{vcf}");
}

#[test]
fn a_contacts_csv_neutralises_formula_cells() -> Result<()> {
    let list = [stakeholder(
        "=HYPERLINK(\"https://evil.example\",\"Click\")",
        "+44 20 7946 0958",
        "@SUM(1)",
    )];
    let csv = contacts::to_csv(&list)?;
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let Some(Ok(row)) = r.records().next() else {
        panic!("no row in {csv}")
    };
    assert_eq!(&row[0], "'=HYPERLINK(\"https://evil.example\",\"Click\")");
    assert_eq!(&row[5], "'+44 20 7946 0958");
    assert_eq!(&row[8], "'@SUM(1)");
    Ok(())
}
