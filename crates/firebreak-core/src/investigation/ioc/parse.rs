//! Indicator values: refanging, validation and one normal form per type, so the same
//! indicator pasted from two reports is stored once.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::{Error, Result};

coded_enum!(
    /// What an indicator is; decides its validation, normal form and STIX pattern.
    IocType ("ioc_type", "indicator type") {
        Ipv4 = "ipv4" | "ip" | "ipv4_addr",
        Ipv6 = "ipv6" | "ipv6_addr",
        Cidr = "cidr" | "network" | "subnet",
        Domain = "domain" | "domain_name" | "hostname" | "fqdn",
        Url = "url" | "uri",
        Email = "email" | "email_addr" | "email_address",
        FileName = "file_name" | "filename" | "file",
        Md5 = "md5",
        Sha1 = "sha1" | "sha_1",
        Sha256 = "sha256" | "sha_256",
        Sha512 = "sha512" | "sha_512",
        RegistryKey = "registry_key" | "registry" | "regkey",
        UserAgent = "user_agent" | "useragent" | "ua",
    }
);

impl IocType {
    pub fn label(self) -> &'static str {
        use IocType::*;
        match self {
            Ipv4 => "IPv4 address",
            Ipv6 => "IPv6 address",
            Cidr => "Network (CIDR)",
            Domain => "Domain",
            Url => "URL",
            Email => "Email address",
            FileName => "File name",
            Md5 => "MD5",
            Sha1 => "SHA-1",
            Sha256 => "SHA-256",
            Sha512 => "SHA-512",
            RegistryKey => "Registry key",
            UserAgent => "User agent",
        }
    }
}

/// A validated indicator in its normal form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Parsed {
    pub ioc_type: IocType,
    pub value: String,
}

const VALUE_MAX: usize = 2048;

/// Undoes the usual defanging (`hxxp://`, `[.]`, `(dot)`, `[@]`, `[:]`) so a pasted report
/// can be read as-is. Matching is case-insensitive; other text is untouched.
///
/// A dot or at-sign mark is undone only where it joins two name characters
/// (`evil[.]com`, `binfile[.]php`): a URL path that really contains brackets
/// (`/[.].com`, `/[.]`) keeps them, and `hxxp` only becomes `http` as a whole scheme.
pub fn refang(text: &str) -> String {
    #[derive(Clone, Copy)]
    enum When {
        Always,
        Joining,
        Scheme,
    }
    use When::*;
    const PAIRS: &[(&str, &str, When)] = &[
        ("[://]", "://", Always),
        ("[:]", ":", Always),
        ("[/]", "/", Always),
        ("fxp://", "ftp://", Always),
        ("[.]", ".", Joining),
        ("(.)", ".", Joining),
        ("{.}", ".", Joining),
        ("[dot]", ".", Joining),
        ("(dot)", ".", Joining),
        ("{dot}", ".", Joining),
        // Half-bracketed dots (`example[.com`) are a defanging seen in the wild.
        ("[.", ".", Joining),
        (".]", ".", Joining),
        ("[@]", "@", Joining),
        ("(@)", "@", Joining),
        ("[at]", "@", Joining),
        ("(at)", "@", Joining),
        ("hxxps", "https", Scheme),
        ("hxxp", "http", Scheme),
    ];
    let name_char =
        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    let mut out = String::with_capacity(text.len());
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    'scan: while i < text.len() {
        for (from, to, when) in PAIRS {
            let end = i + from.len();
            if !lower[i..].starts_with(from) || !text.is_char_boundary(end) {
                continue;
            }
            let before = text[..i].chars().next_back();
            let after = text[end..].chars().next();
            let applies = match when {
                Always => true,
                Joining => name_char(before) && name_char(after),
                Scheme => !name_char(before) && !name_char(after),
            };
            if applies {
                out.push_str(to);
                i = end;
                continue 'scan;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Validates `raw` (refanged first) as an indicator of type `t` and returns its normal form.
pub fn parse_as(t: IocType, raw: &str) -> Result<Parsed> {
    let text = refang(raw.trim());
    let bad = |why: String| {
        Error::validation(
            "value",
            format!("{raw:?} is not a valid {}: {why}", t.label()),
        )
    };
    if text.is_empty() {
        return Err(Error::validation("value", "the indicator value is empty"));
    }
    if text.chars().count() > VALUE_MAX {
        return Err(bad(format!("longer than {VALUE_MAX} characters")));
    }
    let value = match t {
        IocType::Ipv4 => ipv4(&text).map_err(bad)?,
        IocType::Ipv6 => ipv6(&text).map_err(bad)?,
        IocType::Cidr => cidr(&text).map_err(bad)?,
        IocType::Domain => domain(&text).map_err(bad)?,
        IocType::Url => url(&text).map_err(bad)?,
        IocType::Email => email(&text).map_err(bad)?,
        IocType::FileName => file_name(&text).map_err(bad)?,
        IocType::Md5 => hex_digest(&text, 32).map_err(bad)?,
        IocType::Sha1 => hex_digest(&text, 40).map_err(bad)?,
        IocType::Sha256 => hex_digest(&text, 64).map_err(bad)?,
        IocType::Sha512 => hex_digest(&text, 128).map_err(bad)?,
        IocType::RegistryKey => registry_key(&text).map_err(bad)?,
        IocType::UserAgent => user_agent(raw.trim()).map_err(bad)?,
    };
    Ok(Parsed { ioc_type: t, value })
}

/// Works out the type of a single value; user agents are never guessed (any text could be
/// one), so they need an explicit type.
pub fn detect(raw: &str) -> Result<Parsed> {
    let text = refang(raw.trim());
    guess(&text).ok_or_else(|| {
        Error::validation(
            "value",
            format!(
                "cannot tell what kind of indicator {raw:?} is; give its type \
                 (one of: {})",
                IocType::codes()
            ),
        )
    })
}

/// The first type `text` validates as, most specific first.
pub(super) fn guess(text: &str) -> Option<Parsed> {
    use IocType::*;
    let is_hex = !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit());
    let order: &[IocType] = if is_hex {
        match text.len() {
            32 => &[Md5],
            40 => &[Sha1],
            64 => &[Sha256],
            128 => &[Sha512],
            _ => &[],
        }
    } else if text.contains("://") {
        &[Url]
    } else if text.contains('/') {
        &[Cidr]
    } else if text.contains('@') {
        &[Email]
    } else if text.contains('\\') {
        &[RegistryKey]
    } else if text.contains(':') {
        &[Ipv6]
    } else if looks_like_file(text) {
        &[FileName]
    } else {
        &[Ipv4, Domain]
    };
    order.iter().find_map(|&t| parse_as(t, text).ok())
}

/// Extensions that make `invoice.pdf` a file rather than a domain. Some are also top-level
/// domains (zip, mov); a pasted `name.zip` is far more often the file.
const FILE_EXTENSIONS: &[&str] = &[
    "exe", "dll", "sys", "scr", "com", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse",
    "wsf", "hta", "lnk", "msi", "msp", "jar", "py", "sh", "elf", "bin", "iso", "img", "vhd",
    "vhdx", "zip", "rar", "7z", "gz", "tar", "cab", "doc", "docx", "docm", "xls", "xlsx", "xlsm",
    "xlsb", "ppt", "pptx", "pptm", "pdf", "rtf", "one", "txt", "csv", "html", "htm", "svg", "chm",
    "apk", "dmg", "pkg", "ost", "pst", "eml", "msg", "tmp", "dat", "log", "db",
];

fn looks_like_file(text: &str) -> bool {
    // ".com" is more often a domain than a DOS executable.
    text.rsplit_once('.').is_some_and(|(stem, ext)| {
        let ext = ext.to_ascii_lowercase();
        !stem.is_empty() && ext != "com" && FILE_EXTENSIONS.contains(&ext.as_str())
    })
}

fn ipv4(t: &str) -> Result<String, String> {
    t.parse::<Ipv4Addr>()
        .map(|a| a.to_string())
        .map_err(|_| "expected four numbers 0–255 without leading zeros, like 203.0.113.7".into())
}

fn ipv6(t: &str) -> Result<String, String> {
    let t = t.trim_start_matches('[').trim_end_matches(']');
    t.parse::<Ipv6Addr>()
        .map(|a| a.to_string())
        .map_err(|_| "expected an IPv6 address like 2001:db8::1".into())
}

fn cidr(t: &str) -> Result<String, String> {
    let (addr, prefix) = t
        .split_once('/')
        .ok_or("expected address/prefix, like 203.0.113.0/24")?;
    let prefix: u8 = prefix
        .parse()
        .map_err(|_| format!("the prefix {prefix:?} is not a number"))?;
    if let Ok(a) = addr.parse::<Ipv4Addr>() {
        if prefix > 32 {
            return Err(format!("an IPv4 prefix is at most 32, not {prefix}"));
        }
        let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
        return Ok(format!("{}/{prefix}", Ipv4Addr::from(u32::from(a) & mask)));
    }
    if let Ok(a) = addr.parse::<Ipv6Addr>() {
        if prefix > 128 {
            return Err(format!("an IPv6 prefix is at most 128, not {prefix}"));
        }
        let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
        return Ok(format!("{}/{prefix}", Ipv6Addr::from(u128::from(a) & mask)));
    }
    Err(format!("{addr:?} is not an IPv4 or IPv6 address"))
}

pub(super) fn domain(t: &str) -> Result<String, String> {
    let d = t.strip_suffix('.').unwrap_or(t).to_ascii_lowercase();
    if !d.is_ascii() {
        return Err("write internationalised domains in their xn-- (punycode) form".into());
    }
    if d.len() > 253 {
        return Err("longer than 253 characters".into());
    }
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 {
        return Err("expected at least two labels, like example.com".into());
    }
    // Underscores occur in real DNS names (`_dmarc`, Windows host names) but never in a
    // registered name, and a label of punctuation alone (`_____.tld`) names nothing.
    let registered = labels.len() - 2;
    for (n, l) in labels.iter().enumerate() {
        let ok = !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().any(|b| b.is_ascii_alphanumeric())
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || (b == b'_' && n != registered));
        if !ok {
            return Err(format!("the label {l:?} is not a valid DNS label"));
        }
    }
    let tld = labels.last().copied().unwrap_or_default();
    let tld_ok =
        tld.len() >= 2 && (tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--"));
    if !tld_ok {
        return Err(format!("{tld:?} is not a top-level domain"));
    }
    Ok(d)
}

fn url(t: &str) -> Result<String, String> {
    let (scheme, rest) = t
        .split_once("://")
        .ok_or("expected scheme://host/…, like https://example.com/login")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(
        scheme.as_str(),
        // tcp:// and udp:// are how reports write a C2 endpoint with its port.
        "http" | "https" | "ftp" | "ftps" | "sftp" | "ws" | "wss" | "tcp" | "udp"
    ) {
        return Err(format!("unsupported scheme {scheme:?}"));
    }
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("a URL cannot contain spaces or control characters".into());
    }
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or("unclosed [ in the host")?;
        (format!("[{}]", ipv6(h)?), after.strip_prefix(':'))
    } else if let Ok(v6) = hostport.parse::<Ipv6Addr>() {
        // An unbracketed IPv6 host is ambiguous only if it could end in a port; a whole
        // address that parses is the host, written back bracketed as RFC 3986 wants.
        (format!("[{v6}]"), None)
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (host_name(h)?, Some(p)),
            None => (host_name(hostport)?, None),
        }
    };
    if let Some(p) = port {
        if p.parse::<u16>().is_err() {
            return Err(format!("the port {p:?} is not a number 0–65535"));
        }
    }
    let mut out = format!("{scheme}://");
    if let Some(u) = userinfo {
        out.push_str(u);
        out.push('@');
    }
    out.push_str(&host);
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    out.push_str(tail);
    Ok(out)
}

fn host_name(h: &str) -> Result<String, String> {
    if h.parse::<Ipv4Addr>().is_ok() {
        return Ok(h.to_owned());
    }
    domain(h).or_else(|e| {
        // Single-label intranet names appear in real phishing kits' URLs.
        let single = !h.is_empty()
            && h.len() <= 63
            && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if single {
            Ok(h.to_ascii_lowercase())
        } else {
            Err(format!("bad host: {e}"))
        }
    })
}

fn email(t: &str) -> Result<String, String> {
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    let (local, dom) = t
        .rsplit_once('@')
        .ok_or("expected local@domain, like payroll@example.com")?;
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c));
    if !local_ok {
        return Err(format!("{local:?} is not a valid mailbox name"));
    }
    Ok(format!("{local}@{}", domain(dom)?))
}

fn file_name(t: &str) -> Result<String, String> {
    if t.contains(['/', '\\']) {
        return Err("a file name has no directory part; record the path elsewhere".into());
    }
    if t.len() > 255 || t.chars().any(char::is_control) || t == "." || t == ".." {
        return Err("not a usable file name".into());
    }
    Ok(t.to_owned())
}

fn hex_digest(t: &str, len: usize) -> Result<String, String> {
    if t.len() != len || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "expected {len} hexadecimal digits, got {} characters",
            t.chars().count()
        ));
    }
    Ok(t.to_ascii_lowercase())
}

const HIVES: &[(&str, &str)] = &[
    ("HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE"),
    ("HKLM", "HKEY_LOCAL_MACHINE"),
    ("HKEY_CURRENT_USER", "HKEY_CURRENT_USER"),
    ("HKCU", "HKEY_CURRENT_USER"),
    ("HKEY_CLASSES_ROOT", "HKEY_CLASSES_ROOT"),
    ("HKCR", "HKEY_CLASSES_ROOT"),
    ("HKEY_USERS", "HKEY_USERS"),
    ("HKU", "HKEY_USERS"),
    ("HKEY_CURRENT_CONFIG", "HKEY_CURRENT_CONFIG"),
    ("HKCC", "HKEY_CURRENT_CONFIG"),
];

fn registry_key(t: &str) -> Result<String, String> {
    let t = t.trim_end_matches('\\');
    let (hive, path) = t.split_once('\\').unwrap_or((t, ""));
    let full = HIVES
        .iter()
        .find(|(short, _)| short.eq_ignore_ascii_case(hive))
        .map(|(_, full)| *full)
        .ok_or_else(|| format!("{hive:?} is not a registry hive (HKLM, HKCU, HKEY_USERS, …)"))?;
    if path.chars().any(char::is_control) || path.contains("\\\\") {
        return Err("the key path has empty segments or control characters".into());
    }
    Ok(if path.is_empty() {
        full.to_owned()
    } else {
        format!("{full}\\{path}")
    })
}

fn user_agent(t: &str) -> Result<String, String> {
    if t.chars().any(char::is_control) {
        return Err("contains control characters".into());
    }
    if t.len() > 1024 {
        return Err("longer than 1024 characters".into());
    }
    Ok(t.to_owned())
}
