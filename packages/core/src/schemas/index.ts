export * from './auth.js';
export * from './common.js';
export * from './engagements.js';
export * from './board.js';
