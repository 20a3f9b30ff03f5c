/**
 * What the registry adapters need from a logger: pino's `(fields, message)` shape, so the app's
 * pino logger fits as is and tests can pass a recorder. Callers never put identity numbers,
 * names or tokens in `fields`: the register's answers are personal data.
 *
 * @example createFolkeregisteretRegister({ ...options, logger: appLogger.child({ module: 'registry' }) })
 */
export interface RegistryLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}
