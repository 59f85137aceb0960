/**
 * Who may call a route. Every route under /api declares one; the server refuses to start
 * with a route that does not, and a test walks them all.
 * - public: anyone;
 * - session: a signed-in account (the central Passport address has no portal);
 * - member: an active user of the addressed portal;
 * - admin: an administrator of the addressed portal.
 * Item-level rights are then checked by the module's policy inside the service.
 */
export type RoutePolicy = 'public' | 'session' | 'member' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /** Writes that need no CSRF token (sign-in, sign-out): they carry no session yet or end it. */
    csrfExempt?: boolean;
    /** Requests per minute from one address are bounded (AUTH_RATE_LIMIT), as on sign-in: anonymous downloads by a public link. */
    rateLimited?: boolean;
  }
}
