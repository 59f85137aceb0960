import WebSocket from 'ws';
import type { AddressInfo } from 'node:net';
import type { Config } from '../src/platform/config.js';
import { buildPortal, startTestApp, type TestApp, type TestPortal } from './harness.js';

export interface LiveSocket {
  messages: { type: string; [k: string]: unknown }[];
  /** Resolves with the first message of `type` (already received or still to come). */
  next(type: string, timeoutMs?: number): Promise<{ type: string; [k: string]: unknown }>;
  close(): Promise<void>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
}

/** Opens the realtime socket as the browser does: the session cookie and the portal header. */
export function openSocket(url: string, headers: Record<string, string>): Promise<LiveSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: LiveSocket['messages'] = [];
    const waiters: (() => void)[] = [];
    const closed = new Promise<number>((res) => ws.once('close', (code) => res(code)));
    ws.on('message', (raw) => {
      messages.push(JSON.parse(String(raw)));
      waiters.splice(0).forEach((w) => w());
    });
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { statusCode: res.statusCode })));
    ws.once('error', reject);
    const socket: LiveSocket = {
      messages,
      closed,
      next(type, timeoutMs = 5000) {
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
          const check = () => {
            const m = messages.find((x) => x.type === type);
            if (m) {
              clearTimeout(timer);
              res(m);
            } else waiters.push(check);
          };
          check();
        });
      },
      close() {
        return new Promise((res) => {
          if (ws.readyState === WebSocket.CLOSED) return res();
          ws.once('close', () => res());
          ws.close();
        });
      },
    };
    // The server says `ready` once the socket listens to its channels.
    ws.once('open', () => socket.next('ready').then(() => resolve(socket), reject));
  });
}

/** The headers of a signed-in agent for a socket. */
export function socketHeaders(cookies: Record<string, string>, portal: string): Record<string, string> {
  return {
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    'x-portal': portal,
  };
}

/** An app with workers listening on a real port, a portal, and the address of its realtime socket. */
export async function startLiveApp(overrides: Partial<Config>): Promise<{ t: TestApp; p: TestPortal; url: string }> {
  const t = await startTestApp(overrides, { workers: true });
  const p = await buildPortal(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, p, url: `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/realtime` };
}

/** Closes the sockets a test opened, then the app. */
export async function closeLiveApp(t: TestApp | undefined, sockets: LiveSocket[]): Promise<void> {
  await Promise.all(sockets.map((s) => s.close()));
  await t?.dispose();
}
