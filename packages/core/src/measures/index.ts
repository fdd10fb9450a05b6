export * from './check-ins.js';
export * from './fixture.js';
export * from './measure.js';
export * from './measured-goals.js';
export * from './progress.js';
