import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { describeName } from './describe-name.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { readSignedX509 } from './read-signed-x509.js';
import { serialHex } from './serial-hex.js';

// A CSCA or DSC is a few kilobytes; anything far larger is not a certificate we want to parse.
const MAX_CERTIFICATE_BYTES = 16 * 1024;

/**
 * Parses one DER certificate, keeping its exact bytes (TBSCertificate, names, key as received).
 * Fields are read straight from the `ber` tree: only what eMRTD verification needs (this runs for
 * every chip read, on the DSC in EF.SOD). Never throws.
 */
export function parseCertificate(der: Uint8Array): Result<ParsedCertificate, 'certificate.malformed'> {
  if (der.length > MAX_CERTIFICATE_BYTES) return err('certificate.malformed', 'certificate too large');
  const parsed = ber.decode(der);
  if (!parsed.ok) return err('certificate.malformed', parsed.detail);
  const signed = readSignedX509(der, parsed.value);
  if (!signed) return err('certificate.malformed', 'not a certificate');
  const tbs = signed.tbsFields;
  // TBSCertificate: [0] version?, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, …
  const i = ber.context(tbs[0]) === 0 ? 1 : 0;
  const serial = ber.intBytes(tbs[i]);
  const issuer = describeName(tbs[i + 2]);
  const validity = ber.seq(tbs[i + 3]);
  const subject = describeName(tbs[i + 4]);
  const spkiNode = tbs[i + 5];
  const notBefore = ber.time(validity?.[0]);
  const notAfter = ber.time(validity?.[1]);
  if (!serial || !issuer || !subject || !notBefore || !notAfter || !ber.seq(spkiNode)) {
    return err('certificate.malformed', 'TBSCertificate is malformed');
  }
  let ski: string | undefined;
  let aki: string | undefined;
  let isCa = false;
  for (const node of tbs.slice(i + 6)) {
    if (ber.context(node) !== 3) continue;
    for (const ext of ber.seq(node.children[0]) ?? []) {
      const items = ber.seq(ext);
      const id = ber.oid(items?.[0]);
      const value = ber.octets(items?.[items.length - 1]);
      if (!id || !value) return err('certificate.malformed', 'extension is malformed');
      if (id === '2.5.29.14') {
        const v = ber.decode(value);
        const bytes = v.ok ? ber.octets(v.value) : undefined;
        if (bytes) ski = Buffer.from(bytes).toString('hex');
      } else if (id === '2.5.29.35') {
        const v = ber.decode(value);
        const keyId = v.ok ? ber.seq(v.value)?.find((n) => n.tag === 0x80) : undefined;
        if (keyId) aki = Buffer.from(ber.value(keyId)).toString('hex');
      } else if (id === '2.5.29.19') {
        const v = ber.decode(value);
        isCa = v.ok && ber.boolean(ber.seq(v.value)?.[0]) === true;
      }
    }
  }
  return ok({
    ...signed.parts,
    subject: subject.text,
    issuer: issuer.text,
    subjectKey: subject.key,
    issuerKey: issuer.key,
    subjectDer: Uint8Array.from(ber.raw(tbs[i + 4]!)),
    issuerDer: Uint8Array.from(ber.raw(tbs[i + 2]!)),
    serialNumber: serialHex(serial),
    notBefore,
    notAfter,
    spki: Uint8Array.from(ber.raw(spkiNode!)),
    ...(ski ? { subjectKeyIdentifier: ski } : {}),
    ...(aki ? { authorityKeyIdentifier: aki } : {}),
    ...(subject.country ? { country: subject.country } : {}),
    isCa,
    selfIssued: subject.key === issuer.key,
  });
}
