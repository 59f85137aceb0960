export * from './core.js';
export * from './events.js';
export * from './card.js';
export * from './signals.js';
