export * from './core.js';
export * from './events.js';
