export * from './core.js';
export * from './events.js';
export * from './lists.js';
export * from './signals.js';
