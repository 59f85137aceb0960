import type { RouteSamples } from '../../../test/security/sample-kit.js';

/** Requests of the sign-in and identity-provider routes for the route walker and the write tests. */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/auth/login': async (fx) => ({ body: { login: fx.p.users.other.email, password: 'wrong-password' } }),
    'POST /api/auth/password/forgot': async (fx) => ({ body: { login: fx.p.users.other.email } }),
    'POST /api/auth/password/set': async () => ({ body: { token: 'not-a-real-token-0123456789', password: 'new-password-1' } }),
    'POST /api/admin/oidc-providers': async () => ({ body: { label: 'SSO', issuer: 'https://sso.example.test', clientId: 'portal', clientSecret: 's3cret', enabled: true } }),
    'PATCH /api/admin/oidc-providers/:id': async () => ({ body: { label: 'SSO 2', enabled: false } }),
  },
  params: {
    '/api/auth/token/:token': () => ({ token: 'not-a-real-token-0123456789' }),
  },
};
