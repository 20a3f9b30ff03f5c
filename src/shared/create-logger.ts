import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. What we log is chosen at each call site (route patterns, codes, ids we
 * mint), and these redactions are a second line: identity numbers, tokens, secrets and cookies
 * never reach the output even if an object carrying them is logged by mistake.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'passport-eid' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'pid',
          '*.pid',
          'login_hint',
          '*.login_hint',
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers.dpop',
          'headers.authorization',
          'headers.cookie',
          '*.access_token',
          '*.refresh_token',
          '*.id_token',
          '*.code',
          '*.client_secret',
          '*.password',
          'mrz',
          '*.mrz',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
