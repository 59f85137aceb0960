export * from './rules.js';
export * from './runs.js';
export * from './robots.js';
export * from './triggers.js';
export * from './events.js';
