export * from './recurrence.js';
export * from './stages.js';
