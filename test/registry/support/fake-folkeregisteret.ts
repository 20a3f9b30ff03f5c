import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers a lookup: the document, or one of the failures the adapter must survive. */
export type FakeBehaviour = 'ok' | '404' | '500' | 'hang' | 'malformed';

export interface FakeLookup {
  readonly pid: string;
  readonly parts: string[];
  readonly authorization: string | undefined;
  readonly status: number | 'hang';
}

export interface FakeFolkeregisteret {
  /** The environment root, as the adapter's `baseUrl`. */
  readonly baseUrl: string;
  readonly lookups: FakeLookup[];
  /** Answer every lookup of `pid` this way from now on. */
  set(pid: string, behaviour: FakeBehaviour): void;
  /** Answer the next lookups of `pid` with these, in order, then as before. */
  queue(pid: string, behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

const PATH = /^\/folkeregisteret\/offentlig-med-hjemmel\/api\/v1\/personer\/([^/?]+)$/;

/**
 * A Folkeregisteret "offentlig med hjemmel" person lookup on a local port. It answers in the
 * documented shape, returns only the entities named with `part=` (plus `identifikasjonsnummer`,
 * which always comes along), requires a bearer token that `isValidToken` accepts (401 otherwise,
 * with the documented error body), and can be told to fail per identity number.
 */
export async function startFakeFolkeregisteret(opts: {
  documents: Record<string, Record<string, unknown>>;
  isValidToken: (token: string) => boolean;
}): Promise<FakeFolkeregisteret> {
  const fixed = new Map<string, FakeBehaviour>();
  const queued = new Map<string, FakeBehaviour[]>();
  const lookups: FakeLookup[] = [];

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = PATH.exec(url.pathname);
    if (req.method !== 'GET' || !match)
      return json(res, 404, { kode: 'FREG-404', melding: 'Feil uri brukt.' });
    const pid = decodeURIComponent(match[1]!);
    const parts = url.searchParams.getAll('part');
    const authorization = req.headers.authorization;
    const record = (status: number | 'hang') => lookups.push({ pid, parts, authorization, status });

    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token || !opts.isValidToken(token)) {
      record(401);
      return json(res, 401, { kode: 'FREG-401', melding: 'Autentiseringsinformasjon mangler' });
    }
    const behaviour = queued.get(pid)?.shift() ?? fixed.get(pid) ?? 'ok';
    const document = opts.documents[pid];
    if (behaviour === 'hang') return record('hang');
    if (behaviour === '500') {
      record(500);
      return json(res, 500, { kode: 'FREG-001', melding: 'Feil i tjenesten. Vennligst prøv igjen seinere.' });
    }
    if (behaviour === '404' || !document) {
      record(404);
      return json(res, 404, { kode: 'FREG-404', melding: 'Ukjent person.' });
    }
    record(200);
    if (behaviour === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"identifikasjonsnummer": [{"foedselsEllerDNummer": ');
    }
    const wanted = new Set(['identifikasjonsnummer', ...parts]);
    const body =
      parts.length === 0
        ? document
        : Object.fromEntries(Object.entries(document).filter(([k]) => wanted.has(k)));
    return json(res, 200, body);
  }

  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lookups,
    set: (pid, behaviour) => void fixed.set(pid, behaviour),
    queue: (pid, behaviours) => void queued.set(pid, [...(queued.get(pid) ?? []), ...behaviours]),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
