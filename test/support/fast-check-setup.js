// In CI the property tests run with one fixed seed, so a landing never depends on which random
// cases a run happened to draw; locally every run explores new cases (set FC_SEED to replay one).
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261125' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
