export * from './core.js';
export * from './events.js';
export * from './scrum.js';
