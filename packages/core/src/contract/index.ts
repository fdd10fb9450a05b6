export * from './canonical.js';
export * from './diff.js';
export * from './renewal.js';
export * from './status.js';
export * from './templates.js';
