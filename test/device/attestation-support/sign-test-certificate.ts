import { sign, type KeyObject } from 'node:crypto';
import { der } from './der-builder.js';

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const ECDSA_SHA384 = '1.2.840.10045.4.3.3';

let serials = 1000n;

/**
 * An X.509 v3 certificate signed by an EC key (ECDSA with SHA-384 for a P-384 signer, as Apple's
 * root, else SHA-256). Names are given as DER; extensions are complete Extension SEQUENCEs. Every
 * certificate gets the next serial of one counter, so serials differ across both factories.
 */
export function signTestCertificate(spec: {
  readonly subject: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subjectKey: KeyObject;
  readonly signerKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Uint8Array[];
}): { der: Uint8Array; serial: bigint } {
  const p384 = spec.signerKey.asymmetricKeyDetails?.namedCurve === 'secp384r1';
  const algorithm = der.seq(der.oid(p384 ? ECDSA_SHA384 : ECDSA_SHA256));
  const serial = (serials += 1n);
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(serial),
    algorithm,
    spec.issuer,
    der.seq(der.time(spec.notBefore), der.time(spec.notAfter)),
    spec.subject,
    new Uint8Array(spec.subjectKey.export({ type: 'spki', format: 'der' })),
    ...(spec.extensions.length > 0 ? [der.explicit(3, der.seq(...spec.extensions))] : []),
  );
  const signature = sign(p384 ? 'sha384' : 'sha256', tbs, spec.signerKey);
  return { der: der.seq(tbs, algorithm, der.bits(signature)), serial };
}

/** PEM of a DER certificate. */
export const certificatePem = (bytes: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
