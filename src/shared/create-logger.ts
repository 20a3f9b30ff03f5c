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
      serializers: {
        // ioredis attaches the failed command with its arguments (payloads holding identity
        // numbers, token ids) to its errors; an error in the log keeps only its name, message,
        // code and stack.
        err: (e: Error) => {
          const {
            command: _command,
            args: _args,
            ...rest
          } = pino.stdSerializers.err(e) as unknown as Record<string, unknown>;
          return rest;
        },
      },
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
          '*.command',
          '*.args',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
