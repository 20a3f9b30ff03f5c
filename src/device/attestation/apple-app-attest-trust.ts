import { createHash, X509Certificate } from 'node:crypto';
import type { AppAttestEnvironment, AppleAppAttestOptions } from './apple-app-attest-options.js';

const PEM = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * `<TeamID>.<bundleId>`: Apple's App ID prefix is 10 upper-case letters or digits, a bundle id
 * dot-separated letters, digits and hyphens. Checked at start-up so a typo is not a silent
 * "every iPhone refused".
 */
export const APP_ID = /^[A-Z0-9]{10}\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

/** AAGUIDs of App Attest keys (Apple: "appattestdevelop", or "appattest" followed by seven 0x00 bytes). */
export const APP_ATTEST_AAGUID: Readonly<Record<AppAttestEnvironment, Buffer>> = {
  production: Buffer.concat([Buffer.from('appattest', 'ascii'), Buffer.alloc(7)]),
  development: Buffer.from('appattestdevelop', 'ascii'),
};

export interface AppleRoot {
  readonly certificate: X509Certificate;
  /** SHA-256 of the root certificate DER, hex: names the root in details. */
  readonly fingerprint: string;
}

/** The options, read once: parsed roots, hashed App IDs, the one accepted AAGUID. */
export interface AppleAppAttestTrust {
  readonly roots: readonly AppleRoot[];
  readonly appIds: readonly { readonly appId: string; readonly rpIdHash: Buffer }[];
  readonly environment: AppAttestEnvironment;
  readonly aaguid: Buffer;
  readonly maxAttestationBytes: number;
}

/** Common name of Apple's App Attest root (Apple PKI, "Apple App Attestation Root CA"). */
const APPLE_ROOT_NAME = 'Apple App Attestation Root CA';

/**
 * Reads the App Attest settings. Throws at start-up on anything unusable (no root, a block that
 * is not a CA certificate, no or malformed App IDs, an unknown environment): a verifier that
 * could never accept an iPhone should not start. Every message names "App Attest", so the
 * caller can tell the operator which file is wrong.
 */
export function readAppleAppAttestTrust(options: AppleAppAttestOptions): AppleAppAttestTrust {
  const roots: AppleRoot[] = [];
  for (const text of options.trustedRoots) {
    const blocks = [...text.matchAll(PEM)];
    if (blocks.length === 0) throw new Error('App Attest root is not PEM');
    for (const [block, label] of blocks) {
      if (label !== 'CERTIFICATE') throw new Error(`App Attest root: expected a CERTIFICATE, found ${label}`);
      let certificate: X509Certificate;
      try {
        certificate = new X509Certificate(block);
      } catch {
        throw new Error('App Attest root: a CERTIFICATE block cannot be parsed');
      }
      if (!certificate.ca) throw new Error('App Attest root is not a CA certificate');
      const names = certificate.subject.split('\n');
      if (
        options.requireAppleRootName &&
        !(names.includes(`CN=${APPLE_ROOT_NAME}`) && certificate.subject === certificate.issuer)
      )
        throw new Error(`App Attest root must be Apple's self-issued "${APPLE_ROOT_NAME}"`);
      roots.push({
        certificate,
        fingerprint: createHash('sha256').update(certificate.raw).digest('hex'),
      });
    }
  }
  if (roots.length === 0) throw new Error('no App Attest root configured');

  if (options.appIds.length === 0) throw new Error('no App Attest app IDs configured');
  const appIds = options.appIds.map((appId) => {
    if (!APP_ID.test(appId)) throw new Error(`App Attest app ID is not TeamID.bundleId: ${appId}`);
    return { appId, rpIdHash: createHash('sha256').update(appId, 'utf8').digest() };
  });

  const aaguid = APP_ATTEST_AAGUID[options.environment];
  if (!aaguid) throw new Error('App Attest environment must be production or development');
  return {
    roots,
    appIds,
    environment: options.environment,
    aaguid,
    maxAttestationBytes: options.maxAttestationBytes ?? 32_768,
  };
}
