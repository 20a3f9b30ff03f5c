/**
 * 30 characters that survive being read aloud, handwritten or typed on a phone: no 0/O, 1/I/L,
 * and no U (so that no common words form by accident). 8 of them give about 39 bits; guessing is
 * stopped by rate limits (architecture §6), not by length.
 */
export const ORDER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
