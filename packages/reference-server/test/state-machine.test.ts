/** The pure transition table: allowed moves, idempotent stop, terminal states. */
import { describe, expect, it } from 'vitest';
import { taskStateSchema } from '../src/storage/records.js';
import {
  TERMINAL_STATES,
  TRANSITIONS,
  nextState,
  requireTransition,
  statesAccepting,
} from '../src/tasks/state-machine.js';

describe('task state machine', () => {
  it('covers every state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...taskStateSchema.options].sort());
  });

  it('allows the user actions only from their states', () => {
    expect(statesAccepting('start')).toEqual(['pending']);
    // Pausing a paused task and resuming a running one are idempotent (same state).
    expect(statesAccepting('pause')).toEqual(['running', 'paused']);
    expect(statesAccepting('resume')).toEqual(['running', 'paused']);
    expect(nextState('paused', 'pause')).toBe('paused');
    expect(nextState('running', 'resume')).toBe('running');
    expect(statesAccepting('stop').sort()).toEqual([
      'cancelled',
      'cancelling',
      'paused',
      'pending',
      'queued',
      'running',
    ]);
  });

  it('stops to cancelled, through cancelling for a running task, idempotently', () => {
    expect(nextState('pending', 'stop')).toBe('cancelled');
    expect(nextState('queued', 'stop')).toBe('cancelled');
    expect(nextState('paused', 'stop')).toBe('cancelled');
    expect(nextState('running', 'stop')).toBe('cancelling');
    expect(nextState('cancelling', 'stop')).toBe('cancelling');
    expect(nextState('cancelled', 'stop')).toBe('cancelled');
    expect(nextState('cancelling', 'stopped')).toBe('cancelled');
  });

  it('lets nothing leave succeeded or failed, and throws INVALID_TRANSITION', () => {
    for (const s of ['succeeded', 'failed'] as const) expect(TRANSITIONS[s]).toEqual({});
    expect(TERMINAL_STATES).toEqual(['cancelled', 'succeeded', 'failed']);
    expect(() => requireTransition('succeeded', 'stop')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: 'cannot stop a task that is succeeded',
      }),
    );
    expect(() => requireTransition('pending', 'pause')).toThrow(expect.objectContaining({ status: 409 }));
  });
});
