export * from './core.js';
export * from './events.js';
export * from './signals.js';
export * from './templates.js';
export * from './reports.js';
