export * from './common.js';
export * from './auth.js';
export * from './users.js';
export * from './shell.js';
export * from './notifications.js';
export * from './crm.js';
export * from './oidc.js';
export * from './files.js';
