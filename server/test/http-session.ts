import net from 'node:net';

/** A port free on the loopback now, for a server process a test or a bench starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A signed-in member talking to a real listening server: the portal, the session cookies and the CSRF token. */
export interface HttpSession {
  base: string;
  headers: Record<string, string>;
}

/** Signs in over HTTP as a browser does; throws with the server's answer when it refuses. */
export async function httpSignIn(base: string, portal: string, login: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portal': portal },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookies: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    cookies[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return {
    base,
    headers: {
      'x-portal': portal,
      'x-csrf-token': decodeURIComponent(cookies.csrf ?? ''),
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    },
  };
}

/** One JSON request of the session; a refusal throws with its status and body. */
export async function httpApi<T>(s: HttpSession, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(s.base + url, { method, headers: { ...s.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
