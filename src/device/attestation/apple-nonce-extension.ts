import { err, ok, type Result } from '../../shared/result.js';
import { readDer } from './read-der.js';
import { readDerChildren } from './read-der-children.js';

/** 1.2.840.113635.100.8.2, Apple's App Attest nonce extension, as OID content bytes. */
export const APPLE_NONCE_OID = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x63, 0x64, 0x08, 0x02]);

const SHA256_LENGTH = 32;

/**
 * The nonce in the credential certificate's extension 1.2.840.113635.100.8.2, whose value is
 * `SEQUENCE { [1] EXPLICIT OCTET STRING }` (Apple: "a DER-encoded ASN.1 sequence … extract the
 * single octet string that it contains"). Read strictly: one element at each level, nothing
 * trailing, a 32-byte SHA-256. Never throws.
 */
export function readAppleNonce(extensionValue: Uint8Array): Result<Uint8Array, 'attestation.malformed'> {
  const bad = () =>
    err('attestation.malformed', 'the App Attest nonce extension is not SEQUENCE { [1] OCTET STRING }');
  const outer = readDer(extensionValue);
  if (!outer.ok || outer.value.raw.length !== extensionValue.length) return bad();
  const seq = outer.value;
  if (seq.tagClass !== 0 || seq.tagNumber !== 16 || !seq.constructed) return bad();
  const wrapped = readDerChildren(seq, 2);
  if (!wrapped.ok || wrapped.value.length !== 1) return bad();
  const tagged = wrapped.value[0]!;
  if (tagged.tagClass !== 2 || tagged.tagNumber !== 1 || !tagged.constructed) return bad();
  const inner = readDerChildren(tagged, 2);
  if (!inner.ok || inner.value.length !== 1) return bad();
  const octets = inner.value[0]!;
  if (octets.tagClass !== 0 || octets.tagNumber !== 4 || octets.constructed) return bad();
  if (octets.value.length !== SHA256_LENGTH) return bad();
  return ok(octets.value);
}
