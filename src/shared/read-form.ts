import type { Context } from 'koa';
import { HttpError } from './http-error.js';

/**
 * Reads an application/x-www-form-urlencoded body, refusing it past `limit` bytes before it is
 * buffered whole, so an oversize post costs us `limit` bytes at most.
 */
export async function readForm(ctx: Context, limit: number): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'forms must be sent as application/x-www-form-urlencoded',
    );
  }
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit)
    throw new HttpError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}
