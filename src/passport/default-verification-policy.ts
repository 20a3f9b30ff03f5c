import type { VerificationPolicy } from './verification-policy.js';

/**
 * Registration policy for eIDAS level high: AA required, passports and identity cards, SHA-1
 * still allowed (too many valid chips use it), expired documents rejected, no lenient parsing.
 * RSA AA keys of 1024 bits are accepted because that is what most RSA chips in circulation hold.
 */
export const defaultVerificationPolicy: VerificationPolicy = Object.freeze({
  requireActiveAuthentication: true,
  allowedDocumentCodes: Object.freeze(['P', 'I', 'A', 'C']),
  allowSha1: true,
  rejectExpiredDocuments: true,
  lenientIdDataContentType: false,
  refuseTestCscas: true,
  minAaRsaBits: 1024,
  minAaEcBits: 224,
});
