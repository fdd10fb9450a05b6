export * from './columns.js';
export * from './positions.js';
export * from './readiness.js';
export * from './wip-limit.js';
