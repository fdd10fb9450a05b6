export * from './generate.js';
export * from './instalments.js';
export * from './status.js';
export * from './totals.js';
