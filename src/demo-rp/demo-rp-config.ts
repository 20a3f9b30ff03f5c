import { join } from 'node:path';
import { z } from 'zod';

export interface DemoRpConfig {
  readonly port: number;
  /** The provider's issuer identifier; discovery is read from it at the first login. */
  readonly issuer: string;
  /** Where browsers reach the demo RP; its redirect URIs are built from this, not from the request. */
  readonly baseUrl: string;
  readonly clientId: string;
  /** Private JWKS file (RS256); generated when missing (see demo-rp-key.ts). */
  readonly keyFile: string;
}

const schema = z.object({
  DEMO_RP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DEMO_RP_ISSUER: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  DEMO_RP_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEMO_RP_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{3,100}$/)
    .default('sandbox-demo-rp'),
  DEMO_RP_KEY_FILE: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('data'),
});

/** `npm run demo:rp` on its own: settings from the environment; a bad one stops start-up naming it. */
export function loadDemoRpConfig(env: Record<string, string | undefined> = process.env): DemoRpConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${String(i.path[0])}: ${i.message}`);
    throw new Error(`Demo RP configuration refused:\n${lines.join('\n')}`);
  }
  const raw = parsed.data;
  return {
    port: raw.DEMO_RP_PORT,
    issuer: raw.DEMO_RP_ISSUER.replace(/\/$/, ''),
    baseUrl: (raw.DEMO_RP_BASE_URL ?? `http://localhost:${raw.DEMO_RP_PORT}`).replace(/\/$/, ''),
    clientId: raw.DEMO_RP_CLIENT_ID,
    keyFile: raw.DEMO_RP_KEY_FILE ?? join(raw.DATA_DIR, 'demo-rp-key.jwks.json'),
  };
}
