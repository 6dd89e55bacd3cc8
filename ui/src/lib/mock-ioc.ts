// Dev-only stand-in for the backend's indicator values (see mock-investigation.ts): the same
// refanging, type detection, one normal form per type and extraction from pasted text, in a
// smaller form. Good enough to try the bulk-paste flow with a real vendor report.

import type { IocType } from './types';

export const IOC_LABELS: Record<IocType, string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  cidr: 'Network (CIDR)',
  domain: 'Domain',
  url: 'URL',
  email: 'Email address',
  file_name: 'File name',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  registry_key: 'Registry key',
  user_agent: 'User agent',
};

export type ParsedIoc = { ioc_type: IocType; value: string };
export type IocResult = { ok: true; value: ParsedIoc } | { ok: false; message: string };

type When = 'always' | 'joining' | 'scheme';

const PAIRS: [string, string, When][] = [
  ['[://]', '://', 'always'],
  ['[:]', ':', 'always'],
  ['[/]', '/', 'always'],
  ['fxp://', 'ftp://', 'always'],
  ['[.]', '.', 'joining'],
  ['(.)', '.', 'joining'],
  ['{.}', '.', 'joining'],
  ['[dot]', '.', 'joining'],
  ['(dot)', '.', 'joining'],
  ['{dot}', '.', 'joining'],
  ['[.', '.', 'joining'],
  ['.]', '.', 'joining'],
  ['[@]', '@', 'joining'],
  ['(@)', '@', 'joining'],
  ['[at]', '@', 'joining'],
  ['(at)', '@', 'joining'],
  ['hxxps', 'https', 'scheme'],
  ['hxxp', 'http', 'scheme'],
];

const nameChar = (c: string | undefined) => c !== undefined && /^[\p{L}\p{N}_-]$/u.test(c);

/** Undoes the usual defanging (hxxp://, [.], (dot), [@]…), case-insensitively; a dot or
 * at-sign mark only where it joins two name characters, so `/[.].com` in a path stays. */
export function refang(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let i = 0;
  scan: while (i < text.length) {
    for (const [from, to, when] of PAIRS) {
      if (!lower.startsWith(from, i)) continue;
      const [before, after] = [text[i - 1], text[i + from.length]];
      const applies = when === 'always' || (when === 'joining' ? nameChar(before) && nameChar(after) : !nameChar(before) && !nameChar(after));
      if (applies) {
        out += to;
        i += from.length;
        continue scan;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

type Check = (t: string) => string | { error: string };

const ipv4: Check = (t) => {
  const parts = t.split('.');
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && +p <= 255);
  return ok ? t : { error: 'expected four numbers 0–255 without leading zeros, like 203.0.113.7' };
};

/** RFC 5952 text (as Rust's Ipv6Addr prints it): lowercase, no leading zeros, longest zero run as "::". */
const ipv6: Check = (raw) => {
  const bad = { error: 'expected an IPv6 address like 2001:db8::1' };
  const t = raw.replace(/^\[/, '').replace(/\]$/, '').toLowerCase();
  const halves = t.split('::');
  if (halves.length > 2 || !t.includes(':')) return bad;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const [a, b] = [groups(halves[0]), halves.length === 2 ? groups(halves[1]) : []];
  if (![...a, ...b].every((x) => /^[0-9a-f]{1,4}$/.test(x))) return bad;
  if (halves.length === 1 ? a.length !== 8 : a.length + b.length > 7) return bad;
  const full = [...a, ...Array(8 - a.length - b.length).fill('0'), ...b].map((x) => parseInt(x, 16).toString(16));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (full[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && full[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.len < 2) return full.join(':');
  return `${full.slice(0, best.at).join(':')}::${full.slice(best.at + best.len).join(':')}`;
};

const domain: Check = (t) => {
  const d = (t.endsWith('.') ? t.slice(0, -1) : t).toLowerCase();
  if (!/^[\x20-\x7e]*$/.test(d)) return { error: 'write internationalised domains in their xn-- (punycode) form' };
  const labels = d.split('.');
  if (labels.length < 2) return { error: 'expected at least two labels, like example.com' };
  for (const [n, l] of labels.entries()) {
    const registered = n === labels.length - 2;
    const ok = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l) && /[a-z0-9]/.test(l) && !(registered && l.includes('_'));
    if (!ok) return { error: `the label "${l}" is not a valid DNS label` };
  }
  const tld = labels[labels.length - 1];
  if (!(tld.length >= 2 && (/^[a-z]+$/.test(tld) || tld.startsWith('xn--')))) return { error: `"${tld}" is not a top-level domain` };
  return d;
};

const hostName = (h: string): string | { error: string } => {
  if (typeof ipv4(h) === 'string') return h;
  const d = domain(h);
  if (typeof d === 'string') return d;
  return /^[A-Za-z0-9-]{1,63}$/.test(h) ? h.toLowerCase() : { error: `bad host: ${d.error}` };
};

const url: Check = (t) => {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(t);
  if (!m) return { error: 'expected scheme://host/…, like https://example.com/login' };
  const scheme = m[1].toLowerCase();
  if (!['http', 'https', 'ftp', 'ftps', 'sftp', 'ws', 'wss', 'tcp', 'udp'].includes(scheme)) return { error: `unsupported scheme "${scheme}"` };
  const rest = m[2];
  if (/\s/.test(rest)) return { error: 'a URL cannot contain spaces or control characters' };
  const split = rest.search(/[/?#]/);
  const authority = split < 0 ? rest : rest.slice(0, split);
  const tail = split < 0 ? '' : rest.slice(split);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  const v6 = hostport.startsWith('[') ? /^\[([^\]]*)\](?::(.*))?$/.exec(hostport) : null;
  if (hostport.startsWith('[') && !v6) return { error: 'unclosed [ in the host' };
  const bare = v6 ? null : ipv6(hostport);
  let host: string;
  let port: string | null;
  let h: string | { error: string };
  if (v6) {
    [host, port] = [v6[1], v6[2] ?? null];
    const a = ipv6(host);
    h = typeof a === 'string' ? `[${a}]` : a;
  } else if (typeof bare === 'string') {
    [h, port] = [`[${bare}]`, null];
  } else {
    const colon = hostport.lastIndexOf(':');
    host = colon >= 0 ? hostport.slice(0, colon) : hostport;
    port = colon >= 0 ? hostport.slice(colon + 1) : null;
    h = hostName(host);
  }
  if (typeof h !== 'string') return h;
  if (port !== null && !(/^\d{1,5}$/.test(port) && +port <= 65535)) return { error: `the port "${port}" is not a number 0–65535` };
  return `${scheme}://${userinfo}${h}${port !== null ? `:${port}` : ''}${tail}`;
};

const email: Check = (raw) => {
  const t = raw.replace(/^mailto:/, '');
  const at = t.lastIndexOf('@');
  if (at < 0) return { error: 'expected local@domain, like payroll@example.com' };
  const local = t.slice(0, at);
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) || local.length > 64)
    return { error: `"${local}" is not a valid mailbox name` };
  const d = domain(t.slice(at + 1));
  return typeof d === 'string' ? `${local}@${d}` : d;
};

const cidr: Check = (t) => {
  const [addr, prefix, ...more] = t.split('/');
  if (prefix === undefined || more.length) return { error: 'expected address/prefix, like 203.0.113.0/24' };
  if (!/^\d{1,3}$/.test(prefix)) return { error: `the prefix "${prefix}" is not a number` };
  const p = +prefix;
  if (typeof ipv4(addr) === 'string') {
    if (p > 32) return { error: `an IPv4 prefix is at most 32, not ${p}` };
    const n = addr.split('.').reduce((acc, o) => acc * 256 + +o, 0);
    const masked = p === 0 ? 0 : Math.floor(n / 2 ** (32 - p)) * 2 ** (32 - p);
    const octets = [24, 16, 8, 0].map((s) => Math.floor(masked / 2 ** s) % 256);
    return `${octets.join('.')}/${p}`;
  }
  const v6 = ipv6(addr);
  if (typeof v6 === 'string') return p > 128 ? { error: `an IPv6 prefix is at most 128, not ${p}` } : `${v6}/${p}`;
  return { error: `"${addr}" is not an IPv4 or IPv6 address` };
};

const hex =
  (len: number): Check =>
  (t) =>
    new RegExp(`^[0-9a-fA-F]{${len}}$`).test(t) ? t.toLowerCase() : { error: `expected ${len} hexadecimal digits, got ${t.length} characters` };

const fileName: Check = (t) => {
  if (/[/\\]/.test(t)) return { error: 'a file name has no directory part; record the path elsewhere' };
  if (t.length > 255 || t === '.' || t === '..') return { error: 'not a usable file name' };
  return t;
};

const HIVES: [string, string][] = [
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKEY_CURRENT_USER', 'HKEY_CURRENT_USER'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKEY_CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKEY_USERS', 'HKEY_USERS'],
  ['HKU', 'HKEY_USERS'],
];

const registryKey: Check = (raw) => {
  const t = raw.replace(/\\+$/, '');
  const cut = t.indexOf('\\');
  const hive = cut < 0 ? t : t.slice(0, cut);
  const path = cut < 0 ? '' : t.slice(cut + 1);
  const full = HIVES.find(([short]) => short.toLowerCase() === hive.toLowerCase())?.[1];
  if (!full) return { error: `"${hive}" is not a registry hive (HKLM, HKCU, HKEY_USERS, …)` };
  return path ? `${full}\\${path}` : full;
};

const CHECKS: Record<IocType, Check> = {
  ipv4,
  ipv6,
  cidr,
  domain,
  url,
  email,
  file_name: fileName,
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  sha512: hex(128),
  registry_key: registryKey,
  user_agent: (t) => (t.length > 1024 ? { error: 'longer than 1024 characters' } : t),
};

/** Validates `raw` (refanged first) as an indicator of type `t`, in its normal form. */
export function parseAs(t: IocType, raw: string): IocResult {
  const text = t === 'user_agent' ? raw.trim() : refang(raw.trim());
  if (text === '') return { ok: false, message: 'the indicator value is empty' };
  const r = CHECKS[t](text);
  if (typeof r === 'string') return { ok: true, value: { ioc_type: t, value: r } };
  return { ok: false, message: `${JSON.stringify(raw)} is not a valid ${IOC_LABELS[t]}: ${r.error}` };
}

const FILE_EXTENSIONS = new Set(
  'exe dll sys scr bat cmd ps1 psm1 vbs vbe js jse wsf hta lnk msi msp jar py sh elf bin iso img vhd vhdx zip rar 7z gz tar cab doc docx docm xls xlsx xlsm xlsb ppt pptx pptm pdf rtf one txt csv html htm svg chm apk dmg pkg ost pst eml msg tmp dat log db'.split(
    ' ',
  ),
);

function looksLikeFile(text: string): boolean {
  const dot = text.lastIndexOf('.');
  return dot > 0 && FILE_EXTENSIONS.has(text.slice(dot + 1).toLowerCase());
}

/** The first type a (refanged) value validates as, most specific first; never a user agent. */
export function guess(text: string): ParsedIoc | null {
  let order: IocType[];
  if (/^[0-9a-fA-F]+$/.test(text)) {
    const byLength: Record<number, IocType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
    order = byLength[text.length] ? [byLength[text.length]] : [];
  } else if (text.includes('://')) order = ['url'];
  else if (text.includes('/')) order = ['cidr'];
  else if (text.includes('@')) order = ['email'];
  else if (text.includes('\\')) order = ['registry_key'];
  else if (text.includes(':')) order = ['ipv6'];
  else if (looksLikeFile(text)) order = ['file_name'];
  else order = ['ipv4', 'domain'];
  for (const t of order) {
    const r = parseAs(t, text);
    if (r.ok) return r.value;
  }
  return null;
}

/** Works out the type of a single value, or says to give it. */
export function detect(raw: string): IocResult {
  const found = guess(refang(raw.trim()));
  if (found) return { ok: true, value: found };
  return {
    ok: false,
    message: `cannot tell what kind of indicator ${JSON.stringify(raw)} is; give its type (one of: ${Object.keys(IOC_LABELS).join(', ')})`,
  };
}

const TRAILING = /[.,;!?]+$/;

/** A URL whose host is one label (`http://192` from `http://192,168,0,1`) is a fragment in text. */
function multiLabelHost(u: string): boolean {
  const rest = u.slice(u.indexOf('://') + 3);
  const authority = rest.split(/[/?#]/)[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.startsWith('[') || host.includes('.');
}

/** A host written with a port or path but no scheme gives its host. */
function hostOf(token: string): ParsedIoc | null {
  let host = token.split('/')[0];
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && /^\d{1,5}$/.test(host.slice(colon + 1)) && +host.slice(colon + 1) <= 65535) host = host.slice(0, colon);
  if (host.length === token.length) return null;
  for (const t of ['ipv4', 'domain'] as IocType[]) {
    const r = parseAs(t, host);
    if (r.ok) return r.value;
  }
  return null;
}

function token(raw: string): ParsedIoc | null {
  const tok = raw.replace(/^:+/, '');
  if (tok.length < 3) return null;
  const bare = tok.replace(TRAILING, '');
  let p: ParsedIoc | null = null;
  for (const c of [bare.replace(/:+$/, ''), bare, tok]) if ((p = guess(c))) break;
  p ??= hostOf(bare);
  if (!p) return null;
  if (p.ioc_type === 'file_name' && p.value.lastIndexOf('.') < 2) return null;
  if (p.ioc_type === 'url' && !multiLabelHost(p.value)) return null;
  return p;
}

/** The URL in a word and the text before its scheme; a comma in an authority without dots is a defanged dot. */
function urlIn(word: string): [string, ParsedIoc] | null {
  const sep = word.indexOf('://');
  if (sep < 0 || word.indexOf('://', sep + 3) >= 0) return null;
  const start = /[A-Za-z0-9]*$/.exec(word.slice(0, sep))?.index ?? sep;
  let u = word.slice(start).replace(TRAILING, '');
  if (/[\])]$/.test(u) && !u.includes('[')) u = u.replace(/[\])]+$/, '').replace(TRAILING, '');
  let r = parseAs('url', u);
  if (!r.ok) {
    const rest = u.slice(u.indexOf('://') + 3);
    const end = rest.search(/[/?#]/) < 0 ? rest.length : rest.search(/[/?#]/);
    const authority = rest.slice(0, end);
    if (authority.includes(',') && !authority.includes('.')) r = parseAs('url', `${u.slice(0, u.indexOf('://') + 3)}${authority.replaceAll(',', '.')}${rest.slice(end)}`);
  }
  return r.ok && multiLabelHost(r.value.value) ? [word.slice(0, start), r.value] : null;
}

/** Every indicator in pasted text, refanged, normalised, once each, in the order found. */
export function extract(text: string): ParsedIoc[] {
  const seen = new Set<string>();
  const out: ParsedIoc[] = [];
  const keep = (p: ParsedIoc | null) => {
    const key = p && `${p.ioc_type}|${p.value}`;
    if (p && key && !seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  const pieces = (w: string) => w.split(/[[\],]/).forEach((x) => keep(token(x)));
  for (const word of refang(text).split(/[\s"'<>(){};|`]+/)) {
    const found = urlIn(word);
    if (found) {
      pieces(found[0]);
      keep(found[1]);
    } else pieces(word);
  }
  return out;
}
