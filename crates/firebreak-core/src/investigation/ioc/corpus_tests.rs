//! Extraction and refanging against public corpora written by other projects
//! (`../shared/thirdparty/ioc-text/`, see the README there), and the defects of issue 18.

use std::collections::HashSet;

use super::*;

fn read(rel: &str) -> Option<String> {
    let path = crate::testing::thirdparty(rel)?;
    std::fs::read_to_string(&path).ok()
}

fn one(t: IocType, v: &str) -> Parsed {
    Parsed {
        ioc_type: t,
        value: v.to_owned(),
    }
}

#[test]
fn issue_18_extraction_defects() {
    assert_eq!(
        extract("see http://example,com/ now"),
        vec![one(IocType::Url, "http://example.com/")]
    );
    let got = extract("http://192,168,0,1");
    assert!(
        !got.iter().any(|p| p.value == "http://192"),
        "a fragment was extracted: {got:?}"
    );
    assert_eq!(got, vec![one(IocType::Url, "http://192.168.0.1")]);
    assert_eq!(extract("_____.tld"), vec![]);
    assert!(parse_as(IocType::Domain, "_____.tld").is_err());
    assert_eq!(
        refang("http://example[.]com/[.].com"),
        "http://example.com/[.].com"
    );
    assert_eq!(refang("http://example[.]com/[.]"), "http://example.com/[.]");
    assert_eq!(
        extract("hxxp://example[.]com/[.].com"),
        vec![one(IocType::Url, "http://example.com/[.].com")]
    );
    // A list of hosts after a scheme is a list, not one defanged host.
    assert_eq!(
        extract("http://a.example.com,b.example.org"),
        vec![
            one(IocType::Url, "http://a.example.com"),
            one(IocType::Domain, "b.example.org"),
        ]
    );
}

#[test]
fn ioc_fanger_defanged_and_fanged_lines_give_the_same_indicators() {
    let dir = "ioc-text/ioc-fanger";
    let (Some(defanged), Some(fanged)) = (
        read(&format!("{dir}/sample_text_defanged.txt")),
        read(&format!("{dir}/sample_text_fanged.txt")),
    ) else {
        return;
    };
    let (d, f): (Vec<&str>, Vec<&str>) = (defanged.lines().collect(), fanged.lines().collect());
    assert_eq!((d.len(), f.len()), (1017, 1017));
    let mut failures = Vec::new();
    for (n, (d, f)) in d.iter().zip(&f).enumerate() {
        let (from_defanged, from_fanged) = (extract(d), extract(f));
        // Each fanged line is exactly one indicator, already in its normal form.
        let whole = from_fanged.len() == 1 && from_fanged[0].value == *f;
        if from_defanged != from_fanged || !whole {
            failures.push(format!(
                "line {}: {d:?} → {from_defanged:?}, {f:?} → {from_fanged:?}",
                n + 1
            ));
        }
    }
    eprintln!(
        "ioc-fanger: {} of {} line pairs give the same single indicator",
        d.len() - failures.len(),
        d.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A corpus form, what Firebreak extracts from it instead (None: nothing), and why.
type Exception = (&'static str, Option<(IocType, &'static str)>, &'static str);

/// Valid forms of iocextract's corpus where Firebreak reads them differently on purpose.
const VALID_EXCEPTIONS: &[Exception] = &[
    (
        "http://[example.com",
        Some((IocType::Domain, "example.com")),
        "a `[` after the scheme opens an IPv6 literal; left unclosed, the URL is broken, \
         so only the host is taken",
    ),
    (
        "192[.]168[.]0[.]1:80/path",
        Some((IocType::Ipv4, "192.168.0.1")),
        "without a scheme a host, port and path is not a URL here; its host is the indicator",
    ),
    (
        "192[.]168[.]0[.]1:9090/url",
        Some((IocType::Ipv4, "192.168.0.1")),
        "as above: no scheme, so the host",
    ),
    (
        "192[.]188[dot]0[.]1:9090/url",
        Some((IocType::Ipv4, "192.188.0.1")),
        "as above: no scheme, so the host",
    ),
    (
        "example[.]com/",
        Some((IocType::Domain, "example.com")),
        "as above: no scheme, so the host",
    ),
    (
        "http://example,com/",
        Some((IocType::Url, "http://example.com/")),
        "in running text a comma in an authority without dots is a defanged dot; a lone \
         value typed with one is refused (a typo is asked about, not corrected)",
    ),
    (
        "456-7890",
        None,
        "iocextract's telephone numbers; Firebreak has no telephone indicator type",
    ),
];

/// Invalid forms of iocextract's corpus that Firebreak does extract, on purpose.
const INVALID_EXCEPTIONS: &[(&str, (IocType, &str), &str)] = &[(
    "100.20.30.0/24",
    (IocType::Cidr, "100.20.30.0/24"),
    "iocextract has no network type and calls a CIDR block invalid; Firebreak records \
     networks (firewall and proxy blocks name them) as their own type",
)];

#[test]
fn iocextract_valid_and_invalid_forms_are_classified_as_its_authors_expect() {
    let dir = "ioc-text/iocextract";
    let (Some(input), Some(valid), Some(invalid)) = (
        read(&format!("{dir}/input.txt")),
        read(&format!("{dir}/valid.txt")),
        read(&format!("{dir}/invalid.txt")),
    ) else {
        return;
    };
    let found: HashSet<Parsed> = extract(&input).into_iter().collect();
    let mut failures = Vec::new();
    let valid: Vec<&str> = valid.lines().filter(|l| !l.is_empty()).collect();
    for form in &valid {
        let want = match VALID_EXCEPTIONS.iter().find(|(f, ..)| f == form) {
            Some((_, want, _)) => want.map(|(t, v)| one(t, v)),
            None => match detect(form) {
                Ok(p) => Some(p),
                Err(e) => {
                    failures.push(format!("valid {form:?} is not an indicator: {e}"));
                    continue;
                }
            },
        };
        match want {
            Some(p) if !found.contains(&p) => {
                failures.push(format!(
                    "valid {form:?}: {p:?} not extracted from input.txt"
                ));
            }
            None if !extract(form).is_empty() => {
                failures.push(format!("{form:?} has no type here: {:?}", extract(form)));
            }
            _ => {}
        }
    }
    let invalid: Vec<&str> = invalid.lines().filter(|l| !l.is_empty()).collect();
    for form in &invalid {
        let got = extract(form);
        let want: Vec<Parsed> = INVALID_EXCEPTIONS
            .iter()
            .filter(|(f, ..)| f == form)
            .map(|(_, (t, v), _)| one(*t, v))
            .collect();
        if got != want {
            failures.push(format!("invalid {form:?} gave {got:?}"));
        }
        if want.is_empty() && found.iter().any(|p| p.value == *form) {
            failures.push(format!("invalid {form:?} was extracted from input.txt"));
        }
    }
    eprintln!(
        "iocextract: {} of {} valid and invalid forms as expected ({} valid, {} invalid; \
         {} documented exceptions)",
        valid.len() + invalid.len() - failures.len(),
        valid.len() + invalid.len(),
        valid.len(),
        invalid.len(),
        VALID_EXCEPTIONS.len() + INVALID_EXCEPTIONS.len(),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
