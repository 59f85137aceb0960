import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverRoot } from './paths.js';

describe('process guards', () => {
  it('logs a promise rejection nobody handled and keeps the process running', () => {
    const script = `
      import { guardProcess } from './src/platform/process-guards.ts';
      guardProcess({ error: (o, msg) => console.log('logged:', msg, String(o.err)) });
      Promise.reject(new Error('lost promise'));
      setTimeout(() => console.log('still running'), 200);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: serverRoot(), encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).toContain('logged: unhandled rejection Error: lost promise');
    expect(r.stdout).toContain('still running');
    expect(r.status).toBe(0);
  });
});
