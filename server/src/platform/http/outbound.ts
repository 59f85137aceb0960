import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Addresses a request made on someone else's say-so (an administrator's OpenID Connect issuer,
 * later webhooks) must not reach unless the operator allows it: the server's own loopback, the
 * private networks around it, link-local (cloud metadata at 169.254.169.254), shared CGNAT
 * space, unspecified, multicast, broadcast and reserved ranges.
 */
const NOT_PUBLIC = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: may lead to any IPv4 address
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(net6, bits, 'ipv6');

/** Whether an IP address is on the public internet. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (!family) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface OutboundPolicy {
  /** Plain http and non-public addresses are allowed (OIDC_ALLOW_PRIVATE: tests, on-premise providers). */
  allowPrivate: boolean;
  /** Plain http; by default as allowPrivate. */
  allowHttp?: boolean;
  /** Host name resolution; the system resolver by default. */
  lookup?: (host: string) => Promise<ResolvedAddress[]>;
  /** Which addresses count as public; isPublicAddress by default (tests stand a local one in for a public one). */
  isPublic?: (address: string) => boolean;
}

export type RefusalReason = 'scheme' | 'address';

/** A request the policy does not allow: no connection was opened. */
export class OutboundRefused extends Error {
  constructor(
    public readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

const systemLookup = (host: string): Promise<ResolvedAddress[]> => dns.promises.lookup(host, { all: true, verbatim: true });

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The addresses a request to `url` would connect to, all of them checked; refuses when the
 * scheme or any address is not allowed. A name that does not resolve is the resolver's error.
 */
export async function checkedAddresses(url: URL, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const allowHttp = policy.allowHttp ?? policy.allowPrivate;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowHttp)) {
    throw new OutboundRefused('scheme', `outbound request refused: ${url.protocol} is not allowed`);
  }
  const host = hostOf(url);
  const family = net.isIP(host);
  const addresses = family ? [{ address: host, family }] : await (policy.lookup ?? systemLookup)(host);
  if (!addresses.length) throw new OutboundRefused('address', `outbound request refused: ${host} has no address`);
  if (!policy.allowPrivate) {
    const isPublic = policy.isPublic ?? isPublicAddress;
    const bad = addresses.find((a) => !isPublic(a.address));
    // One private address among public ones is refused too: the connection could pick it.
    if (bad) throw new OutboundRefused('address', `outbound request refused: ${host} resolves to ${bad.address}, not a public address`);
  }
  return addresses;
}

const MAX_BODY = 1024 * 1024;
const MAX_REDIRECTS = 5;
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch that checks the scheme and every resolved address before it connects, and connects to
 * exactly the addresses it checked (no second resolution a rebinding name could change); each
 * redirect it follows is a new request checked the same way. Bodies are read up to 1 MiB.
 */
export function guardedFetch(policy: OutboundPolicy): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async function fetchChecked(input, init = {}) {
    let url = new URL(String(input));
    let request = init;
    for (let hop = 0; ; hop++) {
      const res = await fetchOnce(url, request, policy);
      const mode = request.redirect ?? 'follow';
      const location = res.headers.get('location');
      if (mode === 'manual' || res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
      if (mode === 'error') throw new TypeError(`redirect from ${url.href} refused`);
      if (hop >= MAX_REDIRECTS) throw new TypeError('too many redirects');
      url = new URL(location, url);
      const method = (request.method ?? 'GET').toUpperCase();
      // As fetch does: 303, and 301/302 after a POST, go on as a GET without the body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        request = { ...request, method: 'GET', body: undefined };
      }
    }
  };
}

async function fetchOnce(url: URL, init: RequestInit, policy: OutboundPolicy): Promise<Response> {
  const addresses = await checkedAddresses(url, policy);
  // The Request normalises the headers and the body (a URLSearchParams gets its content type).
  const normalised = new Request(url, { method: init.method, headers: init.headers, body: init.body ?? null });
  const body = init.body != null ? Buffer.from(await normalised.arrayBuffer()) : null;
  const headers: Record<string, string> = {};
  normalised.headers.forEach((value, key) => (headers[key] = value));
  if (body) headers['content-length'] = String(body.length);
  const signal = init.signal ?? AbortSignal.timeout(10_000);
  const host = hostOf(url);
  const lookup: net.LookupFunction = (_name, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  return new Promise<Response>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      {
        protocol: url.protocol,
        host,
        port: url.port || undefined,
        path: url.pathname + url.search,
        method: normalised.method,
        headers,
        lookup,
        signal,
        ...(url.protocol === 'https:' && !net.isIP(host) ? { servername: host } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            req.destroy(new Error('response too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const out = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 502;
          resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: out }));
        });
      },
    );
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}
