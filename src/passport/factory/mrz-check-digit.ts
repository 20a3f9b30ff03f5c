/**
 * ICAO 9303-3 §4.9 check digit: weights 7, 3, 1 repeating; digits count as themselves, A–Z as
 * 10–35, the filler '<' as 0; the result is the sum modulo 10.
 *
 * @example
 *   mrzCheckDigit('L898902C3'); // '6'
 */
export function mrzCheckDigit(field: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else throw new Error(`mrzCheckDigit: character ${JSON.stringify(field[i])} is not allowed in an MRZ`);
    sum += v * (weights[i % 3] ?? 0);
  }
  return String(sum % 10);
}
