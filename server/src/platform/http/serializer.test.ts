import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Me } from '@vavilon/contracts';
import { loadConfig } from '../config.js';
import { compileResponseWriter } from './validation.js';
import { seedDemo, DEMO_PORTAL } from '../../demo/seed.js';
import { PASSWORD, signIn, startTestApp, type TestApp } from '../../../test/harness.js';
import { apiRoutes } from '../../../test/security/helpers.js';

const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/test', httpStatus: '200' }) as Parameters<typeof compileResponseWriter>[0];

const me = {
  user: { id: 7, firstName: 'Иван', lastName: 'Кузнецов', fullName: 'Иван Кузнецов', photoUrl: null, position: 'Менеджер', role: 'employee', language: 'ru' },
  portal: { name: 'vavilonproject', title: 'Проектное бюро' },
  csrfToken: 'csrf-token',
  abilities: { 'users.invite': false },
};

describe('replies written from the compiled contracts', () => {
  it('write exactly the fields of the contract: a column a handler passes along is left out', () => {
    const write = compileResponseWriter(route(Me));
    expect(write.fromJsonSchema).toBe(true);
    const leaky = { ...me, password_hash: '$argon2id$…', user: { ...me.user, account_id: 3, password_hash: '$argon2id$…' } };
    expect(JSON.parse(write.write(leaky))).toEqual(me);
  });

  it('are used outside tests; under tests (and with VALIDATE_RESPONSES=true) zod checks every reply', () => {
    expect(loadConfig({}).validateResponses).toBe(true); // vitest runs with NODE_ENV=test
    expect(loadConfig({ NODE_ENV: 'production' }).validateResponses).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  });

  describe('on a running app', () => {
    let checked: TestApp;
    let compiled: TestApp;
    beforeAll(async () => {
      checked = await startTestApp();
      compiled = await startTestApp({ validateResponses: false });
      for (const t of [checked, compiled]) {
        // A reply that drifted from its contract: a wrong type and a field the contract does not have.
        t.app.get('/api/test/drift', { config: { policy: 'public' }, schema: { response: { 200: z.object({ n: z.number(), s: z.string() }) } } }, async () => ({ n: 1, s: 2, secret: 'x' }) as never);
      }
    });
    afterAll(async () => {
      await checked?.dispose();
      await compiled?.dispose();
    });

    it('a reply that drifts from its contract fails under tests, and never carries undeclared fields', async () => {
      expect((await checked.app.inject('/api/test/drift')).statusCode).toBe(500);
      const res = await compiled.app.inject('/api/test/drift');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ n: 1, s: '2' });
    });

    it("every route's reply contract compiles from JSON Schema, and writes the demo portal's replies as zod does", async () => {
      const writers = new Map<string, ReturnType<typeof compileResponseWriter>>();
      const notCompiled: string[] = [];
      for (const r of apiRoutes(checked)) {
        for (const [status, schema] of Object.entries((r.schema?.response ?? {}) as Record<string, z.ZodType>)) {
          const w = compileResponseWriter({ schema, method: r.method, url: r.url, httpStatus: status });
          if (!w.fromJsonSchema) notCompiled.push(`${r.method} ${r.url} ${status}`);
          if (status === '200') writers.set(`${r.method} ${r.url}`, w);
        }
      }
      expect(notCompiled).toEqual([]);

      // Real replies, checked by zod on the way out: the compiled writer gives the same JSON back.
      await seedDemo(checked.platform, PASSWORD);
      await checked.platform.portals.reload();
      const admin = await signIn(checked, DEMO_PORTAL.name, 'admin@vavilon.example');
      const compared = new Set<string>();
      for (const r of apiRoutes(checked)) {
        if (r.method !== 'GET' || r.websocket || !writers.has(`GET ${r.url}`)) continue;
        // Path parameters as the demo's first rows (ids), whatever answers 200 is compared.
        for (const id of r.url.includes(':') ? [1, 2, 3] : [0]) {
          const url = r.url.replace(/:(\w+)/g, (_, name: string) => (/type$/i.test(name) ? 'deal' : String(id)));
          const res = await admin.get(url);
          if (res.statusCode !== 200 || !res.headers['content-type']?.toString().includes('json')) continue;
          const body = res.json();
          expect(JSON.parse(writers.get(`GET ${r.url}`)!.write(body)), url).toEqual(body);
          compared.add(r.url);
        }
      }
      expect(compared.size).toBeGreaterThan(15);
    });
  });
});
