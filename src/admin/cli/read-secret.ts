/**
 * Reads a secret from stdin. At a terminal it prompts on stderr and turns echo off, so the secret
 * is neither on screen nor in shell history; from a pipe it takes the input, minus the final
 * newline. `undefined` when the person pressed Ctrl-C.
 */
export async function readSecret(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string | undefined>((resolve) => {
      let secret = '';
      const onData = (data: string) => {
        // A paste arrives as one chunk; handle it character by character.
        for (const ch of data) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.off('data', onData);
            return resolve(secret);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return resolve(undefined);
          }
          if (ch === '\u007f' || ch === '\b') secret = [...secret].slice(0, -1).join('');
          else if (ch >= ' ') secret += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
