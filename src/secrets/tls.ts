import { generateKeyPairSync, KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';

/**
 * A self-signed ECDSA P-256 certificate, for the few internal TLS Secrets that no cert-manager
 * Certificate issues (the message bus; upstream ships a hard-coded key for it). node:crypto can
 * create keys and sign, not certificates, so the X.509 structure is written here in DER.
 */
export interface SelfSignedCertificate {
  readonly cert: string;
  readonly key: string;
}

export interface SelfSignedOptions {
  readonly commonName: string;
  readonly dnsNames?: readonly string[];
  /** Validity in days. @default 3650 */
  readonly days?: number;
  /** Start of validity. @default now */
  readonly notBefore?: Date;
}

export function selfSignedCertificate(opts: SelfSignedOptions): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = certificateDer(opts, privateKey, publicKey);
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  new X509Certificate(pem); // parses, or throws: never hand out a broken certificate
  return { cert: pem, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function certificateDer(opts: SelfSignedOptions, privateKey: KeyObject, publicKey: KeyObject): Buffer {
  const start = opts.notBefore ?? new Date();
  const notBefore = new Date(start.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(start.getTime() + (opts.days ?? 3650) * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(opts.commonName, 'utf8')))));
  const dnsNames = opts.dnsNames ?? [];
  const extensions = [
    // The certificate is its own CA (peers trust it directly), hence CA:true and keyCertSign.
    ext('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))),
    ext('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0xa4]))),
    ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    ...(dnsNames.length > 0 ? [ext('2.5.29.17', false, seq(...dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii')))))] : []),
  ];
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  return seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  return tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const enc = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) enc.unshift(0x80 | (v & 0x7f));
    out.push(...enc);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function ext(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}
