// Every integration test talks to a real Redis. Fail once, early, with a message that says how
// to get one, instead of letting each suite time out on its own.
import net from 'node:net';

export default async function globalSetup() {
  const url = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const port = Number(url.port || 6379);
  const ok = await new Promise((resolve) => {
    const s = net.connect({ host: url.hostname, port }, () => {
      s.write('PING\r\n');
    });
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
    s.on('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.on('error', () => resolve(false));
  });
  if (!ok) {
    throw new Error(
      `No Redis answers at ${url.host}. The tests need a real Redis server.\n` +
        `  Start one:   redis-server --daemonize yes --save "" --appendonly no\n` +
        `  (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)\n` +
        `  Or point TEST_REDIS_URL at one, e.g. TEST_REDIS_URL=redis://127.0.0.1:6380`,
    );
  }
}
