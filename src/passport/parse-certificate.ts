import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../shared/result.js';
import { asn } from './asn.js';
import { describeName } from './describe-name.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { parseDer } from './parse-der.js';
import { serialHex } from './serial-hex.js';

// A CSCA or DSC is a few kilobytes; anything far larger is not a certificate we want to parse.
const MAX_CERTIFICATE_BYTES = 16 * 1024;

/**
 * Parses one DER certificate, keeping its exact bytes (TBSCertificate, names, key as received).
 * Fields are read straight from the asn1js tree: only what eMRTD verification needs, and about
 * three times faster than building a full pkijs object (this runs for every chip read). Never throws.
 */
export function parseCertificate(der: Uint8Array): Result<ParsedCertificate, 'certificate.malformed'> {
  if (der.length > MAX_CERTIFICATE_BYTES) return err('certificate.malformed', 'certificate too large');
  const parsed = parseDer(der);
  if (!parsed.ok) return err('certificate.malformed', parsed.detail);
  const top = asn.seq(parsed.value);
  const tbsNode = top?.[0];
  const tbs = asn.seq(tbsNode);
  const sigAlg = asn.algorithm(top?.[1]);
  const signature = asn.bits(top?.[2]);
  if (!top || top.length !== 3 || !tbsNode || !tbs || !sigAlg || !signature)
    return err('certificate.malformed', 'not a certificate');
  // TBSCertificate: [0] version?, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, …
  const i = asn.context(tbs[0]) === 0 ? 1 : 0;
  const serial = asn.intBytes(tbs[i]);
  const issuer = describeName(tbs[i + 2]);
  const validity = asn.seq(tbs[i + 3]);
  const subject = describeName(tbs[i + 4]);
  const spkiNode = tbs[i + 5];
  const notBefore = asn.time(validity?.[0]);
  const notAfter = asn.time(validity?.[1]);
  if (!serial || !issuer || !subject || !notBefore || !notAfter || !asn.seq(spkiNode)) {
    return err('certificate.malformed', 'TBSCertificate is malformed');
  }
  let ski: string | undefined;
  let aki: string | undefined;
  let isCa = false;
  for (const node of tbs.slice(i + 6)) {
    if (asn.context(node) !== 3) continue;
    for (const ext of asn.seq(asn.children(node)?.[0]) ?? []) {
      const items = asn.seq(ext);
      const id = asn.oid(items?.[0]);
      const value = asn.octets(items?.[items.length - 1]);
      if (!id || !value) return err('certificate.malformed', 'extension is malformed');
      if (id === '2.5.29.14') {
        const v = parseDer(value);
        const bytes = v.ok ? asn.octets(v.value) : undefined;
        if (bytes) ski = Buffer.from(bytes).toString('hex');
      } else if (id === '2.5.29.35') {
        const v = parseDer(value);
        const keyId = v.ok ? asn.seq(v.value)?.find((n) => asn.context(n) === 0) : undefined;
        if (keyId) aki = Buffer.from((keyId as asn1js.Primitive).valueBlock.valueHexView).toString('hex');
      } else if (id === '2.5.29.19') {
        const v = parseDer(value);
        const first = v.ok ? asn.seq(v.value)?.[0] : undefined;
        isCa = first instanceof asn1js.Boolean && first.valueBlock.value === true;
      }
    }
  }
  return ok({
    der: Uint8Array.from(der),
    tbs: Uint8Array.from(asn.raw(tbsNode)),
    signatureAlgorithm: {
      oid: sigAlg.oid,
      ...(sigAlg.params ? { params: Uint8Array.from(sigAlg.params) } : {}),
    },
    signature: Uint8Array.from(signature),
    subject: subject.text,
    issuer: issuer.text,
    subjectKey: subject.key,
    issuerKey: issuer.key,
    subjectDer: Uint8Array.from(asn.raw(tbs[i + 4]!)),
    issuerDer: Uint8Array.from(asn.raw(tbs[i + 2]!)),
    serialNumber: serialHex(serial),
    notBefore,
    notAfter,
    spki: Uint8Array.from(asn.raw(spkiNode!)),
    ...(ski ? { subjectKeyIdentifier: ski } : {}),
    ...(aki ? { authorityKeyIdentifier: aki } : {}),
    ...(subject.country ? { country: subject.country } : {}),
    isCa,
    selfIssued: subject.key === issuer.key,
  });
}
