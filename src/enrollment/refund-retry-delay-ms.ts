const MINUTE = 60_000;
/** 1, 2, 4, … minutes after each failed request, at most six hours. */
export const refundRetryDelayMs = (failures: number) =>
  Math.min(6 * 60 * MINUTE, MINUTE * 2 ** Math.max(0, failures - 1));
