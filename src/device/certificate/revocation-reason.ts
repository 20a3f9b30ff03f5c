/**
 * Why a device certificate was revoked, as RFC 5280 §5.3.1 CRLReason codes. Only the reasons
 * that can apply to an end-entity certificate that is revoked for good: no `certificateHold` /
 * `removeFromCRL` (revocation here is permanent, as ETSI EN 319 411-1 requires of a revoked
 * certificate) and no CA / AA compromise (that revokes the CA, not one device).
 * - `keyCompromise`: the phone was lost or stolen, or its key is suspected known;
 * - `affiliationChanged`: the person's data in the certificate changed (name, identity number);
 * - `superseded`: a new certificate replaced it (re-activation, new device key);
 * - `cessationOfOperation`: the eID or the app installation was ended (user, death, closure);
 * - `privilegeWithdrawn`: the provider withdrew the eID (e.g. fraud found after issuance);
 * - `unspecified`: none of these; left out of the CRL entry, as RFC 5280 §5.3.1 asks.
 */
export const REVOCATION_REASON_CODE = Object.freeze({
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
} as const);

export type RevocationReason = keyof typeof REVOCATION_REASON_CODE;
