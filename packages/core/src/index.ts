export * from './board/index.js';
export * from './contract/index.js';
export * from './engagement/status.js';
export * from './errors.js';
export * from './metrics/index.js';
export * from './policies/index.js';
export * from './schemas/index.js';
export * from './session/index.js';
