/** What other modules use of sign-in: one-time links (invitations, password resets) and a portal's address. */
export { createAuthToken, portalUrl } from './service.js';
