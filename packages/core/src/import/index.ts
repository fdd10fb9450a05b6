export * from './plan.js';
export * from './trello.js';
