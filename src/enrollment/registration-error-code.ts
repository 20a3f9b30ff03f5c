/**
 * Stable codes the registration answers with (pages translate `error.<code>`, the reader API
 * returns them as `error`). Register and match codes come from their modules (`registry.*`,
 * `match.*`), payment codes from the payment port.
 */
export type RegistrationErrorCode =
  | 'rate.limited'
  | 'resume.no-match'
  | 'reader.token-invalid'
  | 'reader.session-invalid'
  | 'reader.order-closed'
  | 'chip.malformed'
  | 'chip.too-large'
  | 'chip.unreadable'
  | 'chip.not-authentic'
  | 'chip.active-authentication'
  | 'chip.challenge'
  | 'chip.document-expired'
  | 'chip.document-type'
  | 'chip.mrz'
  | 'chip.no-face-image'
  | 'chip.too-many-attempts'
  | 'order.expired'
  | 'order.not-allowed'
  | 'order.gone';
