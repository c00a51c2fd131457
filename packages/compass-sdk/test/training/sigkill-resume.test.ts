import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainingJob } from '../../src/training/training-job.js';
import { tmpWorkDir } from './helpers.js';

const EVERY = 3;

describe('a training process killed with SIGKILL', () => {
  it('resumes from its last checkpoint, loses at most checkpoint.everySteps steps, and finishes', async () => {
    const workDir = tmpWorkDir();
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const child = spawn(
      process.execPath,
      ['--import', tsx, '--conditions=source', join(import.meta.dirname, 'train-process.ts'), workDir, '20'],
      { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let lastStep = 0;
    let lastCheckpoint = 0;
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          const [kind, n] = l.split(' ');
          if (kind === 'step') lastStep = Number(n);
          if (kind === 'checkpoint') lastCheckpoint = Number(n);
          if (kind === 'done') reject(new Error('the run finished before it was killed'));
        }
        if (lastStep >= 11 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve(lastStep);
        }
      });
      child.on('error', reject);
    });
    // 'close' waits for stdout to drain: lastStep is then the last step the process reported before it died.
    await new Promise((r) => child.once('close', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(lastCheckpoint).toBeGreaterThan(0);
    const job = await TrainingJob.resumeFrom(workDir);
    const steps: number[] = [];
    job.on('step', (e) => steps.push(e.step));
    const r = await job.start().done;
    const resumedFrom = steps[0]! - 1;
    expect(lastStep).toBeGreaterThanOrEqual(killedAt);
    expect(lastStep - resumedFrom).toBeLessThanOrEqual(EVERY);
    expect(resumedFrom).toBeGreaterThanOrEqual(lastCheckpoint);
    expect(r.steps).toBe(100);
    expect(r.epochsRun).toBe(20);
    expect(steps.at(-1)).toBe(100);
  }, 60_000);
});
