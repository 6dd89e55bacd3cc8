use proptest::prelude::*;

use super::*;

fn parsed(t: IocType, v: &str) -> Parsed {
    Parsed {
        ioc_type: t,
        value: v.to_owned(),
    }
}

#[test]
fn refangs_the_usual_defanging() {
    assert_eq!(
        refang("hxxps://evil[.]example[.]com/x"),
        "https://evil.example.com/x"
    );
    assert_eq!(refang("HXXP://a(dot)b(.)c"), "http://a.b.c");
    assert_eq!(refang("payroll[@]corp[.]com"), "payroll@corp.com");
    assert_eq!(refang("198[.]51[.]100[.]7"), "198.51.100.7");
    assert_eq!(
        refang("fxp://files[.]example[.]org"),
        "ftp://files.example.org"
    );
    assert_eq!(refang("Łódź → nothing to do"), "Łódź → nothing to do");
    assert_eq!(refang("example[.com and a[.]b"), "example.com and a.b");
    // Marks that join nothing are literal text, and `hxxp` is a scheme only on its own.
    assert_eq!(refang("see [.] and (at) noon"), "see [.] and (at) noon");
    assert_eq!(refang("xhxxp hxxpd"), "xhxxp hxxpd");
}

#[test]
fn normalises_each_type() -> crate::Result<()> {
    use IocType::*;
    let cases = [
        (Ipv4, "198[.]51.100.7", "198.51.100.7"),
        (Ipv6, "2001:DB8:0:0::1", "2001:db8::1"),
        (Cidr, "10.1.2.3/8", "10.0.0.0/8"),
        (Cidr, "2001:db8::5/32", "2001:db8::/32"),
        (
            Domain,
            "Login.Micros0ft-Support.COM.",
            "login.micros0ft-support.com",
        ),
        (
            Url,
            "hxxps://EVIL.Example.com:8443/Path?Q=1",
            "https://evil.example.com:8443/Path?Q=1",
        ),
        (
            Email,
            "Payroll.Update@Corp-Mail[.]NET",
            "Payroll.Update@corp-mail.net",
        ),
        (
            Md5,
            "D41D8CD98F00B204E9800998ECF8427E",
            "d41d8cd98f00b204e9800998ecf8427e",
        ),
        (
            Sha1,
            "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        ),
        (
            RegistryKey,
            "hklm\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\",
            "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        ),
        (FileName, "invoice_2026.pdf.exe", "invoice_2026.pdf.exe"),
        (
            UserAgent,
            "  Mozilla/5.0 (compatible; EvilBot/1.0)  ",
            "Mozilla/5.0 (compatible; EvilBot/1.0)",
        ),
    ];
    for (t, raw, want) in cases {
        assert_eq!(parse_as(t, raw)?.value, want, "{t:?} {raw}");
    }
    Ok(())
}

#[test]
fn refuses_invalid_values_with_the_reason() {
    use IocType::*;
    for (t, raw, why) in [
        (Ipv4, "256.1.1.1", "0–255"),
        (Ipv4, "01.2.3.4", "leading zeros"),
        (Cidr, "10.0.0.0/33", "at most 32"),
        (Domain, "localhost", "two labels"),
        (Domain, "bad_-.com", "DNS label"),
        (Domain, "1.2.3.4.5", "top-level"),
        (Url, "javascript:alert(1)", "scheme://"),
        (Url, "gopher://x.com", "unsupported scheme"),
        (Email, "no-at-sign", "local@domain"),
        (Md5, "abc", "32 hexadecimal"),
        (Sha256, "zz", "64 hexadecimal"),
        (RegistryKey, "HKXX\\Foo", "not a registry hive"),
        (FileName, "C:\\temp\\a.exe", "directory part"),
    ] {
        let err = parse_as(t, raw).map(|p| p.value);
        let msg = format!("{err:?}");
        assert!(msg.contains(why), "{t:?} {raw}: {msg}");
    }
}

#[test]
fn detects_the_type_of_a_lone_value() -> crate::Result<()> {
    use IocType::*;
    for (raw, t) in [
        ("203.0.113.9", Ipv4),
        ("2001:db8::2", Ipv6),
        ("203.0.113.0/24", Cidr),
        ("evil[.]com", Domain),
        ("hxxp://evil.com/a", Url),
        ("ceo@evil.com", Email),
        (
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Sha256,
        ),
        ("HKCU\\Software\\Run", RegistryKey),
        ("payload.dll", FileName),
        ("update.com", Domain),
    ] {
        assert_eq!(detect(raw)?.ioc_type, t, "{raw}");
    }
    assert!(detect("Mozilla/5.0 something").is_err());
    Ok(())
}

#[test]
fn extracts_indicators_from_a_pasted_report() {
    let text = "Alert 4411: host FIN-LT-042 beaconed to 198[.]51[.]100[.]7 and \
        hxxps://cdn-update[.]net/gate.php?id=7, e.g. every 60s. Dropper invoice.pdf.exe \
        (SHA256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855) \
        arrived from payroll@corp-mail[.]net; persistence in HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run. \
        Seen again: 198.51.100.7. Version 1.2.3 at 10:32:00.";
    let got = extract(text);
    let want = vec![
        parsed(IocType::Ipv4, "198.51.100.7"),
        parsed(IocType::Url, "https://cdn-update.net/gate.php?id=7"),
        parsed(IocType::FileName, "invoice.pdf.exe"),
        parsed(
            IocType::Sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        parsed(IocType::Email, "payroll@corp-mail.net"),
        parsed(
            IocType::RegistryKey,
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn stix_patterns_escape_quotes_and_backslashes() {
    assert_eq!(
        stix::pattern(IocType::RegistryKey, "HKEY_CURRENT_USER\\Run"),
        "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Run']"
    );
    assert_eq!(
        stix::pattern(IocType::FileName, "o'brien.doc"),
        "[file:name = 'o\\'brien.doc']"
    );
    assert_eq!(
        stix::pattern(IocType::Sha256, "ab"),
        "[file:hashes.'SHA-256' = 'ab']"
    );
}

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
}

fn domain_strategy() -> impl Strategy<Value = String> {
    (prop::collection::vec(label(), 1..4), "[a-z]{2,6}")
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
        .prop_filter("not a file extension", |d| {
            parse_as(IocType::Domain, d).is_ok()
                && detect(d).is_ok_and(|p| p.ioc_type == IocType::Domain)
        })
}

/// Defangs the way analysts and vendors do.
fn defang(v: &str, style: u8) -> String {
    let v = v.replacen("http", "hxxp", 1);
    match style % 3 {
        0 => v.replace('.', "[.]"),
        1 => v.replace('.', "(.)").replace('@', "[@]"),
        _ => v.replace('.', "[dot]"),
    }
}

fn any_indicator() -> impl Strategy<Value = (IocType, String)> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| (
            IocType::Ipv4,
            format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3])
        )),
        any::<u128>().prop_map(|v| (IocType::Ipv6, std::net::Ipv6Addr::from(v).to_string())),
        domain_strategy().prop_map(|d| (IocType::Domain, d)),
        (domain_strategy(), "[A-Za-z0-9/_-]{0,20}")
            .prop_map(|(d, p)| (IocType::Url, format!("https://{d}/{p}"))),
        ("[a-z0-9._-]{1,10}[a-z0-9]", domain_strategy())
            .prop_filter("dots", |(l, _)| !l.contains("..") && !l.starts_with('.'))
            .prop_map(|(l, d)| (IocType::Email, format!("{l}@{d}"))),
        "[0-9a-f]{64}".prop_map(|h| (IocType::Sha256, h)),
        "[0-9a-f]{32}".prop_map(|h| (IocType::Md5, h)),
    ]
}

/// Found by the property test below: a multi-byte character right before `://` made the
/// URL finder slice inside it.
#[test]
fn a_multibyte_character_before_a_scheme_separator_is_not_sliced() {
    for text in ["𐮭ࡺ𑀮://**", "é://x", "見http://example.com/"] {
        let _ = extract(text);
        let _ = detect(text);
    }
    assert!(extract("見http://example.com/ 見")
        .iter()
        .any(|i| i.value == "http://example.com/"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parsing_never_panics(s in "\\PC{0,80}", t in prop::sample::select(IocType::ALL.to_vec())) {
        let _ = parse_as(t, &s);
        let _ = detect(&s);
        let _ = extract(&s);
    }

    #[test]
    fn normal_form_is_a_fixed_point((t, v) in any_indicator()) {
        let once = parse_as(t, &v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let twice = parse_as(t, &once.value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn defanged_and_uppercase_forms_normalise_to_the_same_value((t, v) in any_indicator(), style in 0u8..3) {
        let plain = parse_as(t, &v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let defanged = parse_as(t, &defang(&v, style)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&plain, &defanged);
        if matches!(t, IocType::Domain | IocType::Sha256 | IocType::Md5) {
            let upper = parse_as(t, &v.to_uppercase()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&plain, &upper);
        }
    }

    #[test]
    fn extraction_finds_an_indicator_embedded_in_prose(
        (t, v) in any_indicator(),
        style in 0u8..3,
        before in "[A-Za-z ]{0,30}",
        after in "[A-Za-z ]{0,30}",
    ) {
        let want = parse_as(t, &v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = format!("{before} {} {after}.", defang(&v, style));
        let got = extract(&text);
        prop_assert!(got.contains(&want), "{:?} not in {:?} from {:?}", want, got, text);
    }
}

#[test]
fn the_indicator_csv_neutralises_formula_cells() -> crate::Result<()> {
    let at = crate::time::parse_moment("at", "2026-11-20T10:00:00Z")?;
    let indicator = crate::investigation::Indicator {
        id: uuid::Uuid::nil(),
        incident_id: uuid::Uuid::nil(),
        ioc_type: IocType::Domain,
        value: "evil.example".into(),
        original: "evil[.]example".into(),
        description: "=HYPERLINK(\"https://evil.example\",\"report\")".into(),
        tlp: crate::investigation::vocab::Tlp::Amber,
        first_seen: None,
        last_seen: None,
        added_by: "@alice".into(),
        added_at: at,
    };
    let csv = to_csv(&[indicator])?;
    let mut r = csv::Reader::from_reader(csv.as_slice());
    let Some(Ok(row)) = r.records().next() else {
        panic!("no row")
    };
    assert_eq!(&row[1], "evil.example");
    assert_eq!(&row[6], "'=HYPERLINK(\"https://evil.example\",\"report\")");
    assert_eq!(&row[7], "'@alice");
    Ok(())
}

/// Found by fuzzing (fuzz/, ioc_text): a multi-byte character just before a URL's scheme
/// was cut in half when the extractor looked for where the scheme starts.
#[test]
fn extraction_survives_a_multibyte_character_before_a_scheme() {
    let found = extract("see httpevil[ҟ]se://198/xe, and ɗhttps://evil.example/a");
    assert!(
        found.iter().any(|p| p.value == "https://evil.example/a"),
        "{found:?}"
    );
}
