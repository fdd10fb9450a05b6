export * from './auth.js';
export * from './board.js';
export * from './common.js';
export * from './contracts.js';
export * from './engagements.js';
export * from './metrics.js';
export * from './sessions.js';
export * from './two-factor.js';
