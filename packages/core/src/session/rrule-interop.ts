import * as rruleModule from 'rrule';

// rrule ships a CommonJS build (what Node loads) and an ES build (what bundlers load); the named
// exports sit on the namespace in one and under `default` in the other.
type RRuleModule = typeof import('rrule');
const ns = rruleModule as RRuleModule & { default?: RRuleModule };
const resolved: RRuleModule = ns.RRule ? ns : (ns.default as RRuleModule);

export const RRule = resolved.RRule;
export type RRule = import('rrule').RRule;
export type RRuleOptions = import('rrule').Options;
