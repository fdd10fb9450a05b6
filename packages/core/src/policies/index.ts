export * from './policies.js';
export * from './roles.js';
