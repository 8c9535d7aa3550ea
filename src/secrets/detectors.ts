/**
 * What a single name or a single text value says about secret material, independent of where it
 * sits. Three classes, used by the guard (guard.ts) on every string of every rendered object:
 * - values that are secret wherever they appear (`valueHits`): private-key PEM blocks, password
 *   hashes, SQL and registry passwords, passwords in URLs, and token formats of known services;
 * - names that hold credentials (`classifyName`): a value under such a name is a credential unless
 *   it is a reference (a path, a variable, a template, an object name);
 * - random-looking tokens (`randomLookingToken`), once public material (digests, public keys,
 *   certificates) is set aside.
 */

/** One piece of secret material: why, and the material itself (never printed). */
export interface Hit {
  readonly reason: string;
  readonly value: string;
}

/**
 * Token formats of well-known services: a credential wherever it appears, whatever its name.
 * A capture group, when present, is the material; otherwise the whole match.
 */
const TOKEN_FORMATS: readonly (readonly [string, RegExp])[] = [
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/g],
  ['GitHub token', /\bgithub_pat_[A-Za-z0-9_]{22,}/g],
  ['GitLab token', /\bgl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}/g],
  ['Slack token', /\bxox[abposre]-[A-Za-z0-9-]{10,}/g],
  ['Slack token', /\bxapp-\d-[A-Za-z0-9-]{10,}/g],
  ['Slack webhook', /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g],
  ['Discord webhook', /https:\/\/(?:\w+\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/g],
  ['AWS access key', /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g],
  ['Stripe key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ['Stripe webhook secret', /\bwhsec_[A-Za-z0-9+/]{24,}/g],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['PyPI token', /\bpypi-AgE[A-Za-z0-9_-]{50,}/g],
  ['age secret key', /\bAGE-SECRET-KEY-1[0-9A-Z]{50,}/g],
  ['Hugging Face token', /\bhf_[A-Za-z0-9]{30,}/g],
  ['DigitalOcean token', /\bdo[opr]_v1_[a-f0-9]{64}\b/g],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}/g],
  ['Google OAuth client secret', /\bGOCSPX-[A-Za-z0-9_-]{24,}/g],
  ['SendGrid key', /\bSG\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{40,}/g],
  ['OpenAI/Anthropic key', /\bsk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_-]{20,}/g],
  ['Vault token', /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g],
  ['Grafana token', /\bgl(?:sa|c)_[A-Za-z0-9+/_=-]{32,}/g],
  ['Shopify token', /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g],
  ['Atlassian token', /\bATATT3[A-Za-z0-9_=-]{50,}/g],
  ['Databricks token', /\bdapi[a-f0-9]{32}\b/g],
  ['Doppler token', /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/g],
  ['Postman key', /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g],
  ['Terraform Cloud token', /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}/g],
  ['Twilio key', /\bSK[0-9a-f]{32}\b/g],
  ['Sentry token', /\bsntr[ysu]_[A-Za-z0-9+/=_]{30,}/g],
  ['Linear key', /\blin_api_[A-Za-z0-9]{40}\b/g],
  ['Pulumi token', /\bpul-[a-f0-9]{40}\b/g],
  ['JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
  ['Azure SAS signature', /[?&]sig=([A-Za-z0-9%+/=]{20,})/g],
  ['bcrypt hash', /\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}/g],
  ['argon2 hash', /\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+/g],
  ['crypt hash', /\$(?:apr1|1|5|6)\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}/g],
];

/** One pass over the text before the individual formats (most strings hold none). */
const TOKEN_PREFILTER = new RegExp(TOKEN_FORMATS.map(([, re]) => `(?:${re.source})`).join('|'));

/** PEM labels that are public by nature (certificates, public keys); any other PEM block is secret. */
const PUBLIC_PEM = /^(?:(?:TRUSTED |NEW )?CERTIFICATE(?: REQUEST)?|X509 CRL|(?:RSA |EC )?PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP SIGNED MESSAGE|SSH2 PUBLIC KEY|(?:DH|EC) PARAMETERS)$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;

/** Placeholders a tool fills in later: `{{ .Data.password }}`, `${VAR}`, `$(VAR)`, `$VAR`, `%(name)s`, `<password>`. */
const PLACEHOLDER = /\{\{[\s\S]*?\}\}|\$\{[^}]*\}|\$\([^)]*\)|\{\$[^}]*\}|\$[A-Z_][A-Z0-9_]*|%\([^)]*\)s|<[^<>\s]+>/g;

/** True when nothing is left once placeholders, masks and quotes are taken away. */
export function isPlaceholder(value: string): boolean {
  return value.replace(PLACEHOLDER, '').replace(/^["'\s]+|["'\s]+$/g, '').replace(/^[*•xX.]+$/, '') === '';
}

/** Material that is secret wherever it appears. */
export function valueHits(text: string): Hit[] {
  const hits: Hit[] = [];
  if (text.length < 8 || !/[-:@$.=_A-Z]/.test(text)) return hits;
  for (const m of text.includes('-----BEGIN ') ? text.matchAll(PEM_BLOCK) : []) {
    if (!PUBLIC_PEM.test(m[1])) hits.push({ reason: `PEM block (${m[1]})`, value: m[0] });
  }
  for (const [reason, re] of TOKEN_PREFILTER.test(text) ? TOKEN_FORMATS : []) {
    for (const m of text.matchAll(re)) hits.push({ reason, value: m[1] ?? m[0] });
  }
  if (text.includes('@')) urlPasswords(text, hits);
  if (/IDENTIFIED|PASSWORD/i.test(text)) {
    for (const m of text.matchAll(/IDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+(?:PASSWORD\s+)?['"]([^'"]+)['"]|\bPASSWORD\s+['"]([^'"]+)['"]/gi)) {
      const v = m[1] ?? m[2];
      if (!isPlaceholder(v)) hits.push({ reason: 'SQL password', value: v });
    }
  }
  if (/"auths"\s*:/.test(text)) {
    for (const m of text.matchAll(/"auth"\s*:\s*"([^"]+)"/g)) hits.push({ reason: 'registry auth', value: m[1] });
  }
  if (/Bearer|Basic/.test(text)) {
    for (const m of text.matchAll(/\b(?:Bearer|Basic)\s+([A-Za-z0-9._~+/-]{16,}=*)/g)) {
      if (/[0-9+/=]/.test(m[1]) || (/[A-Z]/.test(m[1]) && /[a-z]/.test(m[1]))) hits.push({ reason: 'authorization header', value: m[1] });
    }
  }
  if (text.includes('machine')) {
    for (const m of text.matchAll(/\bmachine\s+\S+[\s\S]*?\bpassword\s+(\S+)/g)) hits.push({ reason: 'netrc password', value: m[1] });
  }
  return dedupe(hits);
}

/** scheme://user:password@host (possibly an empty user: redis://:pw@host), and user:password@host.example without a scheme. */
function urlPasswords(text: string, hits: Hit[]): void {
  for (const m of text.matchAll(/\b[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@/g)) {
    if (!isPlaceholder(m[2])) hits.push({ reason: 'password in a URL', value: m[2] });
  }
  // user:password@host.example without a scheme (docker-style registry logins)
  for (const m of text.matchAll(/(?:^|[\s"'=,;(])([^\s:@/"'=,;()]+):([^\s@/:"']+)@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b/g)) {
    if (/^(?:mailto|tel|sip|xmpp|urn|acct|https?)$/i.test(m[1]) || /^v?[\d.]+$/.test(m[2]) || isPlaceholder(m[2])) continue;
    hits.push({ reason: 'password in a URL', value: m[2] });
  }
}

function dedupe(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.value) && (seen.add(h.value), true));
}

/**
 * What a key or variable name says about its value:
 * - `credential`: always a credential (password, token, secret, API key, ...) unless a reference;
 * - `key`: a credential when it is shaped like key material (`*_KEY`, `key`, `signature`);
 * - `publishable`: public by design (Segment write key, SDK keys, public keys): only the value classes apply;
 * - `digest`: a checksum or hash of something, not the thing;
 * - `plain`: anything else.
 */
export type NameClass = 'credential' | 'key' | 'publishable' | 'digest' | 'plain';

const CREDENTIAL_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pw', 'pswd', 'pass', 'passphrase', 'passcode', 'secret', 'token',
  'jwt', 'credential', 'credentials', 'creds', 'cookie', 'auth', 'authorization', 'bearer', 'pat',
]);
/** Trailing words that say "the value itself" (`SECRET_KEY_BASE`, `TOKEN_VALUE`): the word before decides. */
const VALUE_WORDS = new Set(['value', 'base', 'string', 'plain', 'plaintext', 'raw', 'text', 'literal', 'b64', 'base64', 'hex', 'material']);
/** `<word> key` pairs that are always credentials (`apiKey`, `PRIVATE_KEY`, `sessionKey`, ...). */
const CREDENTIAL_KEY_QUALIFIERS = new Set([
  'api', 'private', 'secret', 'session', 'encryption', 'signing', 'master', 'hmac', 'shared', 'account',
  'license', 'deploy', 'auth', 'cookie', 'storage', 'root', 'admin', 'webhook', 'service',
]);
const KEY_WORDS = new Set(['key', 'keys', 'signature', 'sig', 'salt', 'access', 'accesskey', 'dsn']);
const PUBLISHABLE_QUALIFIERS = new Set(['public', 'publishable', 'segment', 'write', 'sdk', 'site', 'pub']);
const DIGEST_WORDS = /^(?:checksum|digest|hash|hashed|sha|sha1|sha256|sha512|md5|fingerprint|etag|integrity|sum|crc)$/;
/** Concatenated names (`SESSIONSECRET`, `dbpassword`) end in one of these. */
const CREDENTIAL_SUFFIX = /(?:password|passwd|secret|token|credentials?|apikey|privatekey|secretkey)$/;

/** The words of a name: `example.com/db-password` → db, password; `jwtSecret` → jwt, secret; `token.txt` → token. */
export function nameWords(name: string): string[] {
  const last = name.split('/').pop() ?? name;
  const base = last.replace(/\.(?:txt|json|ya?ml|conf|cfg|ini|env|properties|toml|data)$/i, '');
  return base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const nameClasses = new Map<string, NameClass>();

/** `classifyName`, remembered: a rendering repeats few names many times. */
export function classifyName(name: string): NameClass {
  let c = nameClasses.get(name);
  if (c === undefined) {
    c = classifyWords(name);
    if (nameClasses.size < 10_000) nameClasses.set(name, c);
  }
  return c;
}

function classifyWords(name: string): NameClass {
  const words = nameWords(name);
  while (words.length > 1 && VALUE_WORDS.has(words[words.length - 1])) words.pop();
  if (words.length === 0) return 'plain';
  if (words.some((w) => DIGEST_WORDS.test(w))) return 'digest';
  const last = words[words.length - 1];
  const before = words.length > 1 ? words[words.length - 2] : '';
  if ((last === 'key' || last === 'keys') && PUBLISHABLE_QUALIFIERS.has(before)) return 'publishable';
  if (last === 'writekey' || last === 'sdkkey' || last === 'publickey' || last === 'publishablekey') return 'publishable';
  if (CREDENTIAL_WORDS.has(last) || CREDENTIAL_SUFFIX.test(last)) return 'credential';
  if ((last === 'key' || last === 'keys') && CREDENTIAL_KEY_QUALIFIERS.has(before)) return 'credential';
  if (KEY_WORDS.has(last) || /key$/.test(last) && last.length > 3 && !/(?:monkey|hockey|turkey|whiskey)$/.test(last)) return 'key';
  return 'plain';
}

/**
 * Values under a credential name that are not credentials: empty, booleans and numbers, paths,
 * placeholders and templates, URLs without a password (checked separately), and references to a
 * secret store.
 */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return true;
  if (/^(?:true|false|yes|no|on|off|null|nil|none|~|enabled|disabled|required|optional|auto)$/i.test(v)) return true;
  // authentication methods (`auth: basic`, `REDIS_AUTH: none`)
  if (/^(?:basic|digest|bearer|oauth2?|oidc|ldap|saml|kerberos|ntlm|iam|mtls|tls|x509|anonymous|sasl|plain|scram-sha-(?:1|256|512)|password|token|jwt)$/i.test(v)) return true;
  // short numbers (ports, counts, 0/1); a longer run of digits under a password name is a PIN
  if (/^-?\d{1,5}(?:\.\d+)?$/.test(v)) return true;
  if (/^(?:\/|\.\.?\/|~\/|file:)/.test(v)) return true;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s]*$/.test(v)) return true;
  // secret-store references, and code reading the environment (`process.env.X`, `os.Getenv("X")`)
  return /^(?:arn:aws[\w-]*:|projects\/[^/]+\/secrets\/|vault:|ref\+|secretref:|env:|op:\/\/|k8s:\/\/|azurekeyvault:|process\.env\b|os\.(?:environ|Getenv|getenv)\b|System\.getenv\b|ENV\[)/.test(v);
}

/** Only public material: an SSH public key line or certificate / public-key PEM blocks. */
export function isPublicMaterial(value: string): boolean {
  const v = value.trim();
  if (!/^(?:ssh-|ecdsa-|sk-|-----BEGIN )/.test(v)) return false;
  return PUBLIC_MATERIAL.reduce((t, re) => t.replace(re, ''), v).replace(/\s+\S+@\S+$/, '').trim() === '';
}

/** Shaped like key material: a hex string or UUID, or a random-looking token of two or more character classes. */
export function looksLikeKeyMaterial(value: string): boolean {
  const v = value.trim().replace(/=+$/, '');
  if (/\s/.test(v) || v.length < 16) return false;
  if (/^[0-9a-f]+$/i.test(v) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
  return /^[A-Za-z0-9+/_.~-]+$/.test(v) && looksRandom(v, 2);
}

/** Public material that looks random but is not secret: SSH public keys, digests, checksums, public PEM blocks. */
const PUBLIC_MATERIAL = [
  /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+=*/g,
  /\b(?:sha(?:1|224|256|384|512)|md5)[:-][A-Za-z0-9+/_-]+=*/gi,
  /-----BEGIN ((?:TRUSTED |NEW )?CERTIFICATE(?: REQUEST)?|X509 CRL|(?:RSA |EC )?PUBLIC KEY|PGP PUBLIC KEY BLOCK)-----[\s\S]*?-----END \1-----/g,
];

const TOKEN_RUN = /[A-Za-z0-9+/=_\-.~!]{16,}/;
const TOKEN_RUNS = new RegExp(TOKEN_RUN.source, 'g');

/**
 * The first token that looks randomly generated: 16+ characters mixing upper case, lower case and
 * digits where fewer than 60% of the characters sit in runs of three or more of a kind (words,
 * numbers), with high Shannon entropy. Identifiers (`rg-Gitpod-Prod-WestEurope01`,
 * `Standard_D16ds_v5`), hostnames, hex digests and image references do not. Tokens are read whole
 * when base64-shaped (`/` and `+` inside) and also piece by piece (paths, dotted names).
 */
export function randomLookingToken(text: string): string | undefined {
  // A token is a 16+ run of these characters with an upper-case letter, a lower-case letter and a
  // digit (looksRandom, 3 classes) in it: a text without such a run, or without one of the three
  // anywhere, has none (setting public material aside only takes characters away).
  if (!TOKEN_RUN.test(text) || !/[A-Z]/.test(text) || !/[a-z]/.test(text) || !/[0-9]/.test(text)) return undefined;
  let t = text;
  for (const re of PUBLIC_MATERIAL) t = t.replace(re, ' ');
  for (const raw of t.match(TOKEN_RUNS) ?? []) {
    const candidates = new Set<string>();
    const whole = raw.replace(/=+$/, '');
    if (/^[A-Za-z0-9+/_-]+$/.test(whole) && !whole.includes('//') && !whole.startsWith('/')) candidates.add(whole);
    for (const piece of whole.split(/[/.=:]/)) {
      candidates.add(piece);
      for (const part of piece.split(/[-_]/)) candidates.add(part);
    }
    for (const c of candidates) if (looksRandom(c, 3)) return c;
  }
  return undefined;
}

/**
 * Random-looking: long enough, enough character classes, few word-like runs, high entropy.
 * Word-like runs: 3+ digits, or 3+ letters of one case (optionally capitalised) with a vowel and no
 * five consonants in a row. Measured on random base64/alphanumeric strings of 3 classes: 90% of
 * 20-character, 95% of 32-character and 99% of 64-character ones are caught; identifiers such as
 * `rg-Gitpod-Prod-WestEurope01`, `Standard_D16ds_v5`, `MSSQLServer2019CU12` or CloudFormation names
 * (`GitpodEKSClusterNodeRole-1X2Y3Z4W5V6U`) are not.
 */
function looksRandom(t: string, minClasses: number): boolean {
  if (t.length < 16 || /^[0-9a-f-]+$/i.test(t)) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((re) => re.test(t)).length;
  if (classes < minClasses) return false;
  const segments = t.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const length = segments.reduce((n, s) => n + s.length, 0);
  if (length < 12 || wordLikeShare(segments) >= 0.5) return false;
  // with separators, the longest piece must look random too (`Standard_NC24ads_A100_v4` is words and codes)
  const longest = segments.reduce((a, b) => (b.length > a.length ? b : a));
  return (segments.length === 1 || wordLikeShare([longest]) < 0.6) && shannon(t) >= 3.2;
}

/** The share of characters in word-like runs (`Gitpod`, `EKS`, `2019`), camel case and acronyms split. */
function wordLikeShare(segments: readonly string[]): number {
  let total = 0;
  let words = 0;
  for (const s of segments) {
    total += s.length;
    for (const run of s.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g) ?? []) {
      if (run.length >= 3 && (/^[0-9]+$/.test(run) || (/[aeiouy]/i.test(run) && !/[b-df-hj-np-tv-xz]{5}/i.test(run)))) words += run.length;
    }
  }
  return total === 0 ? 1 : words / total;
}

function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** `ab…yz (20 characters)`: enough to recognise a value, not enough to use it. */
export function redact(value: string): string {
  const n = [...value].length;
  const len = `${n} character${n === 1 ? '' : 's'}`;
  if (n < 12 || value.includes('\n')) return `(${len})`;
  return `${value.slice(0, 2)}…${value.slice(-2)} (${len})`;
}
