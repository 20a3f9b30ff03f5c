import type { ChipHolder } from './chip-holder.js';

const LENGTHS = { TD1: 30, TD2: 31, TD3: 39 } as const;

/**
 * Characters in the MRZ name field of the holder's document (9303-4 TD3: 39, 9303-6 TD2: 31,
 * 9303-5 TD1: 30). A name that fills it was possibly truncated.
 */
export function mrzNameFieldLength(chip: Pick<ChipHolder, 'format' | 'documentCode'>): number {
  return LENGTHS[chip.format ?? (chip.documentCode.startsWith('P') ? 'TD3' : 'TD1')];
}
