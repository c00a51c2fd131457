/** `npm run example -- <name>` through the runner script, as a user types it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cwd = new URL('../..', import.meta.url).pathname;

describe('examples/run.ts', () => {
  it('runs an example by name and prints its output', async () => {
    const { stdout } = await run(
      'npx',
      ['tsx', '--conditions=source', 'examples/run.ts', 'service-monitor', '--once'],
      { cwd },
    );
    expect(stdout).toMatch(/instance\s+url\s+registry\s+health/);
    expect(stdout.match(/compass-\d\s+http:\/\/127\.0\.0\.1/g)).toHaveLength(2);
  });

  it('lists the examples and exits 2 for an unknown name', async () => {
    const failure = await run('npx', ['tsx', '--conditions=source', 'examples/run.ts', 'nope'], {
      cwd,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      'predict-affinity, batch-heatmap, training-management',
    );
  });
});
