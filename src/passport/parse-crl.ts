import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { describeName } from './describe-name.js';
import type { ParsedCrl } from './parsed-crl.js';
import { readSignedX509 } from './read-signed-x509.js';
import { serialHex } from './serial-hex.js';

// CSCA CRLs are small; a huge one is refused rather than parsed.
const MAX_CRL_BYTES = 4 * 1024 * 1024;

/** Parses a DER CRL (its signature is checked later against the CSCA that issued it). Never throws. */
export function parseCrl(der: Uint8Array): Result<ParsedCrl, 'crl.malformed'> {
  if (der.length > MAX_CRL_BYTES) return err('crl.malformed', 'CRL too large');
  const parsed = ber.decode(der, { maxNodes: 500_000 });
  if (!parsed.ok) return err('crl.malformed', parsed.detail);
  const signed = readSignedX509(der, parsed.value);
  if (!signed) return err('crl.malformed', 'not a CRL');
  const tbs = signed.tbsFields;
  // TBSCertList: version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] crlExtensions?
  let i = tbs[0]?.tag === 0x02 ? 1 : 0;
  const issuer = describeName(tbs[i + 1]);
  const thisUpdate = ber.time(tbs[i + 2]);
  if (!issuer || !thisUpdate) return err('crl.malformed', 'TBSCertList is malformed');
  i += 3;
  const nextUpdate = ber.time(tbs[i]);
  if (nextUpdate) i++;
  const revokedSerials = new Set<string>();
  const revoked = ber.seq(tbs[i]);
  if (revoked) {
    for (const entry of revoked) {
      const serial = ber.intBytes(ber.seq(entry)?.[0]);
      if (!serial) return err('crl.malformed', 'revoked certificate entry is malformed');
      revokedSerials.add(serialHex(serial));
    }
    i++;
  }
  let aki: string | undefined;
  if (ber.context(tbs[i]) === 0) {
    for (const ext of ber.seq(tbs[i]?.children[0]) ?? []) {
      const items = ber.seq(ext);
      const value = ber.octets(items?.[items.length - 1]);
      if (ber.oid(items?.[0]) !== '2.5.29.35' || !value) continue;
      const v = ber.decode(value);
      const keyId = v.ok ? ber.seq(v.value)?.find((n) => n.tag === 0x80) : undefined;
      if (keyId) aki = Buffer.from(ber.value(keyId)).toString('hex');
    }
  }
  return ok({
    ...signed.parts,
    issuer: issuer.text,
    issuerKey: issuer.key,
    thisUpdate,
    ...(nextUpdate ? { nextUpdate } : {}),
    revokedSerials,
    ...(aki ? { authorityKeyIdentifier: aki } : {}),
  });
}
