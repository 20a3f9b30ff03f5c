import { mrzCheckDigit as engineCheckDigit } from '../mrz-check-digit.js';

/**
 * The engine's ICAO 9303-3 §4.9 check digit, but strict: the factory writes MRZs, so a character
 * that an MRZ cannot hold is a bug in the caller (the engine, reading chips, counts it as 0).
 *
 * @example
 *   mrzCheckDigit('L898902C3'); // '6'
 */
export function mrzCheckDigit(field: string): string {
  const bad = /[^0-9A-Z<]/.exec(field);
  if (bad) throw new Error(`mrzCheckDigit: character ${JSON.stringify(bad[0])} is not allowed in an MRZ`);
  return engineCheckDigit(field);
}
