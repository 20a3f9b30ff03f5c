import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../shared/result.js';
import { asn } from './asn.js';
import { describeName } from './describe-name.js';
import type { ParsedCrl } from './parsed-crl.js';
import { parseDer } from './parse-der.js';
import { serialHex } from './serial-hex.js';

// CSCA CRLs are small; a huge one is refused rather than parsed.
const MAX_CRL_BYTES = 4 * 1024 * 1024;

/** Parses a DER CRL (its signature is checked later against the CSCA that issued it). Never throws. */
export function parseCrl(der: Uint8Array): Result<ParsedCrl, 'crl.malformed'> {
  if (der.length > MAX_CRL_BYTES) return err('crl.malformed', 'CRL too large');
  const parsed = parseDer(der, { maxNodes: 500_000 });
  if (!parsed.ok) return err('crl.malformed', parsed.detail);
  const top = asn.seq(parsed.value);
  const tbsNode = top?.[0];
  const tbs = asn.seq(tbsNode);
  const sigAlg = asn.algorithm(top?.[1]);
  const signature = asn.bits(top?.[2]);
  if (!top || top.length !== 3 || !tbsNode || !tbs || !sigAlg || !signature)
    return err('crl.malformed', 'not a CRL');
  // TBSCertList: version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] crlExtensions?
  let i = tbs[0] instanceof asn1js.Integer ? 1 : 0;
  const issuer = describeName(tbs[i + 1]);
  const thisUpdate = asn.time(tbs[i + 2]);
  if (!issuer || !thisUpdate) return err('crl.malformed', 'TBSCertList is malformed');
  i += 3;
  const nextUpdate = asn.time(tbs[i]);
  if (nextUpdate) i++;
  const revokedSerials = new Set<string>();
  const revoked = asn.seq(tbs[i]);
  if (revoked) {
    for (const entry of revoked) {
      const serial = asn.intBytes(asn.seq(entry)?.[0]);
      if (!serial) return err('crl.malformed', 'revoked certificate entry is malformed');
      revokedSerials.add(serialHex(serial));
    }
    i++;
  }
  let aki: string | undefined;
  if (asn.context(tbs[i]) === 0) {
    for (const ext of asn.seq(asn.children(tbs[i])?.[0]) ?? []) {
      const items = asn.seq(ext);
      const value = asn.octets(items?.[items.length - 1]);
      if (asn.oid(items?.[0]) !== '2.5.29.35' || !value) continue;
      const v = parseDer(value);
      const keyId = v.ok ? asn.seq(v.value)?.find((n) => asn.context(n) === 0) : undefined;
      if (keyId) aki = Buffer.from((keyId as asn1js.Primitive).valueBlock.valueHexView).toString('hex');
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
    issuer: issuer.text,
    issuerKey: issuer.key,
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    revokedSerials,
    ...(aki ? { authorityKeyIdentifier: aki } : {}),
  });
}
