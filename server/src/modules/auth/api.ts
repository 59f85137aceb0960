/** What other modules use of sign-in: one-time links (invitations, password resets), a portal's address, and the password check (the drive's network folder). */
export { checkPassword, createAuthToken, portalUrl, refuseIfLocked } from './service.js';
