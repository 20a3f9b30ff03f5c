import { err, ok, type Result } from '../shared/result.js';
import { mrzCheckDigit } from './mrz-check-digit.js';
import type { CheckDigit, MrzData } from './passport-report.js';

const MRZ_CHARS = /^[A-Z0-9<]+$/;

/**
 * Parses an MRZ given as the concatenated lines of DG1 (90 characters TD1, 72 TD2, 88 TD3).
 * Check digits are reported, not enforced: the verifier decides what a wrong digit means.
 */
export function parseMrz(mrz: string): Result<MrzData, 'mrz.malformed'> {
  if (!MRZ_CHARS.test(mrz)) return err('mrz.malformed', 'MRZ contains characters outside A–Z, 0–9 and <');
  if (mrz.length === 88) return ok(parseTd3(mrz, 44));
  if (mrz.length === 72) return ok(parseTd3(mrz, 36));
  if (mrz.length === 90) return ok(parseTd1(mrz));
  return err('mrz.malformed', `MRZ length ${mrz.length} is not TD1 (90), TD2 (72) or TD3 (88)`);
}

const trim = (s: string) => s.replace(/<+$/, '').replace(/</g, ' ').trim();
const code = (s: string) => s.replace(/</g, '');

function digit(field: string, found: string): CheckDigit {
  const computed = mrzCheckDigit(field);
  // A '<' check digit is how several issuers print the digit of an empty field.
  const valid = found === computed || (found === '<' && computed === '0' && /^<*$/.test(field));
  return { found, computed, valid };
}

function names(field: string): { primaryIdentifier: string; secondaryIdentifier: string } {
  const i = field.indexOf('<<');
  const primary = i < 0 ? field : field.slice(0, i);
  const secondary = i < 0 ? '' : field.slice(i + 2);
  return { primaryIdentifier: trim(primary), secondaryIdentifier: trim(secondary) };
}

function sex(c: string): MrzData['sex'] {
  return c === 'M' || c === 'F' ? c : 'X';
}

function expiryIso(yymmdd: string): string {
  return /^\d{6}$/.test(yymmdd) ? `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}` : '';
}

// TD3 (passport, 2×44) and TD2 (2×36) share the layout of line 2 up to the optional data.
function parseTd3(mrz: string, width: 44 | 36): MrzData {
  const l1 = mrz.slice(0, width);
  const l2 = mrz.slice(width);
  const optionalEnd = width === 44 ? 42 : 35;
  const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, width === 44 ? 43 : 35);
  const dateOfExpiry = l2.slice(21, 27);
  return {
    format: width === 44 ? 'TD3' : 'TD2',
    documentCode: code(l1.slice(0, 2)),
    issuingState: code(l1.slice(2, 5)),
    ...names(l1.slice(5)),
    documentNumber: code(l2.slice(0, 9)),
    nationality: code(l2.slice(10, 13)),
    dateOfBirth: l2.slice(13, 19),
    sex: sex(l2[20]!),
    dateOfExpiry,
    dateOfExpiryIso: expiryIso(dateOfExpiry),
    optionalData: trim(l2.slice(28, optionalEnd)),
    checkDigits: {
      documentNumber: digit(l2.slice(0, 9), l2[9]!),
      dateOfBirth: digit(l2.slice(13, 19), l2[19]!),
      dateOfExpiry: digit(dateOfExpiry, l2[27]!),
      ...(width === 44 ? { optionalData: digit(l2.slice(28, 42), l2[42]!) } : {}),
      composite: digit(composite, l2[width - 1]!),
    },
  };
}

function parseTd1(mrz: string): MrzData {
  const l1 = mrz.slice(0, 30);
  const l2 = mrz.slice(30, 60);
  const l3 = mrz.slice(60, 90);
  let documentNumberField = l1.slice(5, 14);
  let documentNumberDigit = l1[14]!;
  let optional1 = l1.slice(15, 30);
  // Document numbers longer than 9 characters continue in the optional data, ended by their check digit.
  if (documentNumberDigit === '<' && /^[A-Z0-9]/.test(optional1)) {
    const end = optional1.indexOf('<');
    const tail = end < 0 ? optional1 : optional1.slice(0, end);
    documentNumberField += tail.slice(0, -1);
    documentNumberDigit = tail.slice(-1);
    optional1 = end < 0 ? '' : optional1.slice(end);
  }
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  const dateOfExpiry = l2.slice(8, 14);
  return {
    format: 'TD1',
    documentCode: code(l1.slice(0, 2)),
    issuingState: code(l1.slice(2, 5)),
    documentNumber: code(documentNumberField),
    ...names(l3),
    nationality: code(l2.slice(15, 18)),
    dateOfBirth: l2.slice(0, 6),
    sex: sex(l2[7]!),
    dateOfExpiry,
    dateOfExpiryIso: expiryIso(dateOfExpiry),
    optionalData: trim(optional1),
    optionalData2: trim(l2.slice(18, 29)),
    checkDigits: {
      documentNumber: digit(documentNumberField, documentNumberDigit),
      dateOfBirth: digit(l2.slice(0, 6), l2[6]!),
      dateOfExpiry: digit(dateOfExpiry, l2[14]!),
      composite: digit(composite, l2[29]!),
    },
  };
}
