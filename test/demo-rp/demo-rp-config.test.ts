import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { loadDemoRpConfig } from '../../src/demo-rp/demo-rp-config.js';
import { loadOrCreateDemoRpKey } from '../../src/demo-rp/demo-rp-key.js';
import { sandboxDemoRpClient } from '../../src/oidc/sandbox-demo-rp-client.js';

describe('demo RP settings', () => {
  test('provider side: started beside a sandbox provider unless DEMO_RP=false', () => {
    const sandbox = loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/x' }).demoRp;
    expect(sandbox).toEqual({
      enabled: true,
      port: 3001,
      baseUrl: 'http://localhost:3001',
      backchannelLogoutUri: 'http://localhost:3001/backchannel-logout',
      keyFile: join('/tmp/x', 'demo-rp-key.jwks.json'),
    });
    expect(loadConfig({ NODE_ENV: 'development', DEMO_RP: 'false' }).demoRp.enabled).toBe(false);
    const behindProxy = loadConfig({
      NODE_ENV: 'development',
      DEMO_RP_BASE_URL: 'https://rp.localtest.me/',
      DEMO_RP_INTERNAL_URL: 'http://demo-rp:3001',
    }).demoRp;
    expect(behindProxy.baseUrl).toBe('https://rp.localtest.me');
    expect(behindProxy.backchannelLogoutUri).toBe('http://demo-rp:3001/backchannel-logout');
  });

  test('demo RP side: defaults, and a bad value is refused by name', () => {
    expect(loadDemoRpConfig({})).toEqual({
      port: 3001,
      issuer: 'http://localhost:3000',
      baseUrl: 'http://localhost:3001',
      clientId: 'sandbox-demo-rp',
      keyFile: join('data', 'demo-rp-key.jwks.json'),
    });
    expect(() => loadDemoRpConfig({ DEMO_RP_ISSUER: 'ftp://x' })).toThrow(/DEMO_RP_ISSUER/);
    expect(() => loadDemoRpConfig({ DEMO_RP_PORT: 'abc' })).toThrow(/DEMO_RP_PORT/);
  });

  test('the key is generated once and both sides read the same one; the client gets only its public half', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'demo-rp-key-')), 'nested', 'key.json');
    const first = loadOrCreateDemoRpKey(file);
    const second = loadOrCreateDemoRpKey(file);
    expect(second.privateJwk).toEqual(first.privateJwk);
    const client = sandboxDemoRpClient({
      enabled: true,
      port: 3001,
      baseUrl: 'http://localhost:3001',
      backchannelLogoutUri: 'http://localhost:3001/backchannel-logout',
      keyFile: file,
    });
    expect(client.jwks!.keys).toEqual([first.publicJwk]);
    expect(JSON.stringify(client)).not.toContain(first.privateJwk.d);
    expect(client).toMatchObject({
      token_endpoint_auth_method: 'private_key_jwt',
      require_pushed_authorization_requests: true,
      redirect_uris: ['http://localhost:3001/callback'],
      backchannel_logout_session_required: true,
    });
  });
});
