/**
 * Rate limits of the guessable inputs (architecture §6), per source address and per target.
 * Per target is stricter: it protects one person's number or one order's code from a
 * distributed guesser.
 */
export const registrationRateLimits = Object.freeze({
  identityPerSource: { limit: 30, windowSeconds: 600 },
  identityPerNumber: { limit: 10, windowSeconds: 3600 },
  resumePerSource: { limit: 10, windowSeconds: 600 },
  resumePerCode: { limit: 5, windowSeconds: 3600 },
  readerOpenPerSource: { limit: 30, windowSeconds: 600 },
  readerOpenPerCode: { limit: 5, windowSeconds: 3600 },
  uploadsPerOrder: { limit: 10, windowSeconds: 3600 },
  challengesPerOrder: { limit: 20, windowSeconds: 3600 },
  registerRetryPerOrder: { limit: 5, windowSeconds: 600 },
  registerRetryPerSource: { limit: 10, windowSeconds: 600 },
});
