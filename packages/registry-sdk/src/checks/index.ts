/** Health checks: HTTP probes, their thresholds and scheduling, and the TTL sweep's rules. */
export { runHttpCheck, type CheckOutcome } from './http-check.js';
export { HealthCounter, type Health } from './health-counter.js';
export { CheckScheduler, type CheckListener } from './check-scheduler.js';
export { sweepAction, type SweepAction } from './ttl.js';
