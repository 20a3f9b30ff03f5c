import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../shared/result.js';

export interface DerLimits {
  readonly maxNodes?: number;
  readonly maxDepth?: number;
  /** Accept bytes after the first element (chip files are often padded). */
  readonly allowTrailing?: boolean;
}

/**
 * asn1js with explicit resource limits, never throwing. The defaults suit one certificate or
 * one SOD; master lists (hundreds of certificates) pass a larger `maxNodes`.
 */
export function parseDer(
  bytes: Uint8Array,
  limits: DerLimits = {},
): Result<asn1js.AsnType, 'asn1.malformed'> {
  try {
    const parsed = asn1js.fromBER(bytes, {
      maxNodes: limits.maxNodes ?? 20_000,
      maxDepth: limits.maxDepth ?? 40,
      // Never guess that OCTET/BIT STRING contents are ASN.1: it multiplies the work (400 ms vs
      // 5 ms for a master list) and hostile content would be parsed for nothing. Contents that
      // are ASN.1 (eContent, extension values) are parsed explicitly where they are used.
      parseEmbedded: false,
      // Parsing is synchronous and callers copy what they keep, so asn1js may read the caller's
      // buffer in place (a defensive copy costs ~40% of a certificate parse).
      copyInput: false,
    });
    if (parsed.offset === -1 || parsed.result.error) {
      return err('asn1.malformed', `ASN.1 decoding failed: ${parsed.result.error || 'unknown error'}`);
    }
    if (!limits.allowTrailing && parsed.offset !== bytes.length) {
      return err('asn1.malformed', 'bytes after the ASN.1 element');
    }
    return ok(parsed.result);
  } catch (e) {
    return err('asn1.malformed', `ASN.1 decoding failed: ${(e as Error).message}`);
  }
}
