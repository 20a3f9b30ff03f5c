/** ICAO 9303 part 3 §4.9: weights 7-3-1, digits as themselves, A–Z as 10–35, filler '<' as 0. */
export function mrzCheckDigit(field: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else v = 0;
    sum += v * weights[i % 3]!;
  }
  return String(sum % 10);
}
