import { err, ok, type Result } from '../../shared/result.js';
import type { DerNode } from './der-node.js';
import { readDer } from './read-der.js';

/** The elements inside a constructed node (or inside any byte run), in order; at most `max`. */
export function readDerChildren(
  content: DerNode | Uint8Array,
  max = 256,
): Result<readonly DerNode[], 'der.malformed'> {
  if (!(content instanceof Uint8Array) && !content.constructed) {
    return err('der.malformed', 'a primitive element has no children');
  }
  const bytes = content instanceof Uint8Array ? content : content.value;
  const children: DerNode[] = [];
  for (let p = 0; p < bytes.length;) {
    if (children.length >= max) return err('der.malformed', 'too many DER elements');
    const child = readDer(bytes, p);
    if (!child.ok) return child;
    children.push(child.value);
    p += child.value.raw.length;
  }
  return ok(children);
}
