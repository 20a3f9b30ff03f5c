import type { Context } from 'koa';
import { HttpError } from './http-error.js';

/** Reads a JSON body up to `limit` bytes; refuses other types and oversize bodies before parsing. */
export async function readJson(ctx: Context, limit: number): Promise<unknown> {
  if (!ctx.is('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  if (Number(ctx.get('content-length') || 0) > limit) {
    throw new HttpError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
