export * from './join.js';
export * from './package.js';
export * from './recurrence.js';
export * from './stages.js';
