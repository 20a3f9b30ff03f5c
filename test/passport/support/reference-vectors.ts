import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PassportInput } from '../../../src/passport/passport-report.js';

export const EMRTD_DIR = process.env.EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
export const NL_MASTER_LIST = path.join(EMRTD_DIR, 'master-lists', 'NL_masterlist_2026-07-22.ml');

/** Reads one reference vector folder as a chip read: sod.bin, com.bin, dgN.bin. */
export function loadVector(name: string): PassportInput & { files: Record<string, string> } {
  const dir = path.join(EMRTD_DIR, name);
  const dataGroups: Record<number, Uint8Array> = {};
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir)) {
    files[f] = path.join(dir, f);
    const m = /^dg(\d+)\.bin$/.exec(f);
    if (m) dataGroups[Number(m[1])] = new Uint8Array(readFileSync(path.join(dir, f)));
  }
  const comFile = path.join(dir, 'com.bin');
  return {
    sod: new Uint8Array(readFileSync(path.join(dir, 'sod.bin'))),
    dataGroups,
    ...(existsSync(comFile) ? { com: new Uint8Array(readFileSync(comFile)) } : {}),
    files,
  };
}
