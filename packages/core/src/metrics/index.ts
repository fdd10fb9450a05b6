export * from './calendar.js';
export * from './compute-all.js';
export * from './deliverables.js';
export * from './explanations.js';
export { type FixtureStep, fixtureEvents, metricsFixture } from './fixture.js';
export * from './history.js';
export * from './percentiles.js';
export * from './types.js';
