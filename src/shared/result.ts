/**
 * Expected failures are values, not exceptions: a use case returns `ok(value)` or
 * `err(code, detail)` where `code` is stable (tests, pages and metrics key on it) and
 * `detail` is a human sentence without personal data.
 *
 * @example
 *   const r = lookupPerson(pid);
 *   if (!r.ok) return renderError(r.code);
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<C extends string = string> = {
  readonly ok: false;
  readonly code: C;
  readonly detail: string;
};
export type Result<T, C extends string = string> = Ok<T> | Err<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <C extends string>(code: C, detail: string): Err<C> => ({ ok: false, code, detail });
