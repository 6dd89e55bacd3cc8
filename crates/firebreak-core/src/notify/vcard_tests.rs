//! Real address-book exports and the strict vCard cases, read in place from
//! `../shared/thirdparty/vcard/` (sources and licences in the README there).

use super::contacts;
use super::directory::{self, ContactChannel, Stakeholder};
use super::vcard;
use crate::catalog::IncidentType;
use crate::testing::{thirdparty, with_incident};
use crate::{Error, Result};

use ContactChannel::{Email, Phone, Portal, Sms};

/// One expected person: name, organisation, primary and out-of-band channel.
type Want = (
    &'static str,
    &'static str,
    (ContactChannel, &'static str),
    Option<(ContactChannel, &'static str)>,
);

fn imported(rel: &str) -> Result<Option<Vec<Stakeholder>>> {
    let Some(path) = thirdparty(rel) else {
        return Ok(None);
    };
    let f = with_incident(IncidentType::DataBreach, "x")?;
    contacts::import(&f.store, &path, "dana")?;
    Ok(Some(directory::list(&f.store)?))
}

fn check(rel: &str, want: &[Want]) -> Result<()> {
    let Some(got) = imported(rel)? else {
        return Ok(());
    };
    assert_eq!(got.len(), want.len(), "{rel}: {got:#?}");
    for (name, org, (pc, pa), oob) in want {
        let Some(s) = got.iter().find(|s| s.name == *name) else {
            panic!("{rel}: no {name:?} in {got:#?}")
        };
        assert_eq!(
            (
                s.organisation.as_str(),
                s.primary_channel,
                s.primary_address.as_str()
            ),
            (*org, *pc, *pa),
            "{rel}: {name}"
        );
        let got_oob = s.oob_channel.map(|c| (c, s.oob_address.as_str()));
        assert_eq!(got_oob, *oob, "{rel}: {name}");
    }
    Ok(())
}

#[test]
fn outlook_exports_import_vcard_2_1_with_quoted_printable() -> Result<()> {
    // 2.1: bare type parameters (TEL;WORK;VOICE), QP with soft line breaks that are not
    // indented, a base64 photo ended by a blank line.
    check(
        "vcard/ez-vcard/John_Doe_MS_OUTLOOK.vcf",
        &[(
            "Mr. John Richter James Doe Sr.",
            "IBM",
            (Email, "john.doe@ibm.cm"),
            Some((Phone, "(905) 555-1234")),
        )],
    )?;
    check(
        "vcard/ez-vcard/outlook-2007.vcf",
        &[(
            "Mr. Michael Angstadt Jr.",
            "TheCompany",
            (Email, "mike.angstadt@gmail.com"),
            Some((Phone, "(111) 555-1111")),
        )],
    )?;
    // Outlook 2003's sample has placeholder text where the numbers go (TEL:BusinessPhone):
    // not numbers, so not used; the web page is the second way to reach the person.
    check(
        "vcard/ez-vcard/outlook-2003.vcf",
        &[(
            "John Doe III",
            "Company, The",
            (Email, "jdoe@hotmail.com"),
            Some((Portal, "http://web-page-address.com")),
        )],
    )?;
    let Some(got) = imported("vcard/ez-vcard/outlook-2003.vcf")? else {
        return Ok(());
    };
    // The QP note keeps its line breaks (=0D=0A).
    assert_eq!(
        got[0].notes,
        "This is the note field!!\r\nSecond line\r\n\r\nThird line is empty"
    );
    Ok(())
}

#[test]
fn phone_exports_import_with_groups_prefs_and_charsets() -> Result<()> {
    check(
        "vcard/ez-vcard/John_Doe_IPHONE.vcf",
        &[(
            "Mr. John Richter James Doe Sr.",
            "IBM",
            (Email, "john.doe@ibm.com"),
            Some((Sms, "905-555-1234")),
        )],
    )?;
    // Android: two cards with only an e-mail (named after it), names and organisations in
    // UTF-8 quoted-printable, an organisation cut mid-character (shown as U+FFFD).
    check(
        "vcard/ez-vcard/John_Doe_ANDROID.vcf",
        &[
            ("john.doe", "", (Email, "john.doe@company.com"), None),
            ("jane.doe", "", (Email, "jane.doe@company.com"), None),
            ("Ñ Ñ Ñ Ñ Ñ", "", (Sms, "123456789"), None),
            (
                "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
                "",
                (Sms, "123456"),
                Some((Phone, "234567")),
            ),
            (
                "Ñ Ñ Ñ Ñ",
                "ÑÑÑÑÑÑÑÑÑÑÑÑ",
                (Email, "bob@company.com"),
                Some((Sms, "123456")),
            ),
            (
                "ÑÑÑÑ",
                "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ",
                (Email, "henry@company.com"),
                Some((Sms, "55556666")),
            ),
        ],
    )?;
    check(
        "vcard/ez-vcard/John_Doe_BLACK_BERRY.vcf",
        &[("John Doe", "Acme Solutions", (Sms, "+96123456789"), None)],
    )
}

#[test]
fn desktop_and_web_exports_import() -> Result<()> {
    check(
        "vcard/ez-vcard/John_Doe_GMAIL.vcf",
        &[(
            "Mr. John Richter, James Doe Sr.",
            "IBM",
            (Email, "john.doe@ibm.com"),
            Some((Sms, "905-555-1234")),
        )],
    )?;
    check(
        "vcard/ez-vcard/gmail-list.vcf",
        &[
            ("Arnold Smith", "", (Email, "asmithk@gmail.com"), None),
            ("Chris Beatle", "", (Email, "chrisy55d@yahoo.com"), None),
            ("Doug White", "", (Email, "dwhite@gmail.com"), None),
        ],
    )?;
    // macOS: the preferred work number, not the first one, is the second channel.
    check(
        "vcard/ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf",
        &[(
            "Mr. John Richter,James Doe Sr.",
            "IBM",
            (Email, "john.doe@ibm.com"),
            Some((Phone, "905-777-1234")),
        )],
    )?;
    check(
        "vcard/ez-vcard/John_Doe_LOTUS_NOTES.vcf",
        &[(
            "Mr. Doe John I Johny",
            "IBM",
            (Email, "john.doe@ibm.com"),
            Some((Sms, "+1 (212) 204-34456")),
        )],
    )?;
    check(
        "vcard/ez-vcard/John_Doe_EVOLUTION.vcf",
        &[(
            "Mr. John Richter, James Doe Sr.",
            "IBM",
            (Email, "john.doe@ibm.com"),
            Some((Sms, "905-666-1234")),
        )],
    )
}

/// l0b0's strict RFC 2426 cases. Structure is enforced (each refused case names its line);
/// content that address books get wrong in harmless ways is accepted, as decided here.
#[test]
fn strict_vcard_cases_are_refused_with_their_line_and_lenient_ones_read() {
    let refused: [(&str, u64, &str); 9] = [
        ("continuation_at_start", 1, "continuation line"),
        ("dot_at_line_start", 1, "not a vCard property name"),
        ("invalid_begin", 1, "does not begin a vCard"),
        ("missing_end", 1, "no END:VCARD"),
        ("missing_start", 1, "outside BEGIN:VCARD"),
        // VERSION is required by every vCard version and says how to decode the card.
        ("missing_version", 1, "no VERSION"),
        ("missing_properties", 1, "no VERSION"),
        ("missing_n_value", 3, "not a vCard property"),
        // A group on BEGIN or END is never valid, matching or not.
        ("mismatch_group", 1, "BEGIN and END take no group"),
    ];
    let accepted = [
        // Line ends as other tools write them, and case as RFC 6350 says it may be.
        "line_ending_mac",
        "line_ending_mixed",
        "line_ending_unix",
        "scrambled_case",
        "minimal",
        "maximal",
        "rfc_2426_a",
        "rfc_2426_b",
        // Parameters and properties Firebreak does not use are not judged.
        "invalid_language_value",
        "invalid_param_name",
        "invalid_param_value",
        "invalid_property_foo",
        "missing_param_value",
        "missing_photo_param",
        // N with too few parts, no N (vCard 4.0 has none), no FN (2.1 has none: the name
        // comes from N).
        "invalid_value_count_wp",
        "missing_n",
        "missing_fn",
    ];
    let read = |name: &str| -> Option<Result<Vec<(u64, directory::StakeholderInput)>>> {
        let path = thirdparty(&format!("vcard/l0b0-vcard/{name}.vcf"))?;
        let text = std::fs::read_to_string(&path).ok()?;
        Some(vcard::parse(name, &text))
    };
    for (name, line, says) in refused {
        match read(name) {
            None => return,
            Some(Err(Error::ImportRow {
                line: l, message, ..
            })) => {
                assert_eq!(l, line, "{name}: {message}");
                assert!(message.contains(says), "{name}: {message}");
            }
            Some(other) => panic!("{name} should be refused, got {other:?}"),
        }
    }
    for name in accepted {
        match read(name) {
            None => return,
            Some(Ok(cards)) => {
                assert_eq!(cards.len(), 1, "{name}");
                assert!(!cards[0].1.name.is_empty(), "{name}");
            }
            Some(Err(e)) => panic!("{name} should be read: {e}"),
        }
    }
}
