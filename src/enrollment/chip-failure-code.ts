import type { PassportReport } from '../passport/passport-report.js';
import type { RegistrationErrorCode } from './registration-error-code.js';

/**
 * The class of a rejected chip, for the user (each has its own text) and the reader app; the
 * verifier's own check code goes along as detail. The first failed check decides.
 */
export function chipFailureCode(report: PassportReport): { code: RegistrationErrorCode; check: string } {
  const failed = report.checks.find((c) => c.status === 'fail');
  const id = failed?.id ?? 'internal';
  const check = failed?.code ?? 'internal.unexpected';
  const code: RegistrationErrorCode =
    check === 'input.too-large'
      ? 'chip.too-large'
      : id.startsWith('input.')
        ? 'chip.unreadable'
        : id === 'aa.challenge'
          ? 'chip.challenge'
          : id.startsWith('aa.')
            ? 'chip.active-authentication'
            : id === 'document.expiry'
              ? 'chip.document-expired'
              : id === 'document.code'
                ? 'chip.document-type'
                : id.startsWith('mrz.') || id === 'document.mrz'
                  ? 'chip.mrz'
                  : 'chip.not-authentic';
  return { code, check };
}
