import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import type { TrustAnchor } from './trust-anchor.js';

const PEM = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * Trust anchors from PEM text: `CERTIFICATE` blocks (the root's key is what counts, not its
 * validity or name, as with Google's published roots) and `PUBLIC KEY` blocks. Throws at
 * start-up on anything unusable: a verifier without roots would refuse every phone.
 */
export function readTrustAnchors(pems: readonly string[]): readonly TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const text of pems) {
    const blocks = [...text.matchAll(PEM)];
    if (blocks.length === 0) throw new Error('attestation trust root is not PEM');
    for (const [block, label] of blocks) {
      let key;
      if (label === 'CERTIFICATE') key = new X509Certificate(block).publicKey;
      else if (label === 'PUBLIC KEY') key = createPublicKey(block);
      else throw new Error(`attestation trust root: unexpected PEM block ${label}`);
      const spki = key.export({ type: 'spki', format: 'der' });
      anchors.push({ spki, key, fingerprint: createHash('sha256').update(spki).digest('hex') });
    }
  }
  if (anchors.length === 0) throw new Error('no attestation trust roots configured');
  return anchors;
}
