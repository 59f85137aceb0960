export * from './core.js';
export * from './events.js';
export * from './lists.js';
export * from './card.js';
export * from './signals.js';
export * from './gantt.js';
export * from './boards.js';
export * from './scrum.js';
