/** What other modules use of notifications: sending one to a user (in the caller's transaction). */
export { notify, type NewNotification } from './service.js';
