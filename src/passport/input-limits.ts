/**
 * Size caps checked before any parsing: well above what real chips hold (DG2 faces are
 * 10–60 KB, DG3 fingerprints under 200 KB, EF.SOD a few KB), low enough that hostile input
 * cannot cost much memory or CPU.
 */
export const inputLimits = Object.freeze({
  sodBytes: 64 * 1024,
  dataGroupBytes: 256 * 1024,
  comBytes: 1024,
  aaSignatureBytes: 1024,
  aaChallengeBytes: 8,
});
