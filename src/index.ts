/**
 * brownout: chaos testing and synthetic monitoring for LLM failover.
 * The reference failover router is the library's core; fault injection, scenarios and
 * reports build on it.
 */
export * from './router/index.ts';
export { defineScenario, type Scenario } from './scenario/validate.ts';
export type { ScenarioInput } from './scenario/schema.ts';
