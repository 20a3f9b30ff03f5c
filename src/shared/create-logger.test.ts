import { Writable } from 'node:stream';
import { createLogger } from './create-logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

test('a Redis error keeps its message but not the command arguments (payloads with identity numbers)', () => {
  const { lines, logger } = capture();
  const err = Object.assign(new Error('READONLY You cannot write against a read only replica.'), {
    command: { name: 'hset', args: ['eid:x', 'payload', '{"accountId":"01817112390","jti":"SECRET-TOKEN"}'] },
  });
  logger.error({ err }, 'request failed');
  const out = lines.join('');
  expect(out).toContain('READONLY');
  expect(out).not.toContain('01817112390');
  expect(out).not.toContain('SECRET-TOKEN');
});

test('fields named like identity numbers, tokens and cookies are redacted wherever they appear', () => {
  const { lines, logger } = capture();
  logger.info(
    {
      pid: '01817112390',
      body: { pid: '01817112390', refresh_token: 'rt-secret' },
      req: { headers: { cookie: 'c=1' } },
    },
    'x',
  );
  const out = lines.join('');
  expect(out).not.toContain('01817112390');
  expect(out).not.toContain('rt-secret');
  expect(out).not.toContain('c=1');
});
