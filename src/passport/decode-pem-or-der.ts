/** A file holding DER, or PEM with one or more blocks (any label): the DER of each object. */
export function decodePemOrDer(bytes: Uint8Array): Uint8Array[] {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
  if (!head.includes('-----BEGIN ')) return [bytes];
  const text = Buffer.from(bytes).toString('latin1');
  const out: Uint8Array[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push(new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
  return out;
}
