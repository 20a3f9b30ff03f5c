/**
 * A request we refuse on purpose: the one error middleware turns it into a JSON
 * `{error, error_description}` or a translated page, with this status. `code` is stable.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'HttpError';
  }
}
