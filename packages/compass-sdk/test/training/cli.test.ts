import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { runTrain } from '../../src/cli/train.js';
import { FEP_FIXTURE, tinyConfig, tmpWorkDir } from './helpers.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('compass train / evaluate', () => {
  it('trains from flags and a config file, then evaluates the saved model (text and --json)', async () => {
    const dir = tmpWorkDir();
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify(tinyConfig({ epochs: 5 })));
    const c = capture();
    const code = await runCli(
      [
        'train',
        '--data',
        FEP_FIXTURE,
        '--out',
        join(dir, 'run'),
        '--config',
        cfg,
        '--epochs',
        '2',
        '--name',
        'cli',
      ],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.err.filter((l) => l.startsWith('epoch '))).toHaveLength(2);
    expect(c.out.join('\n')).toMatch(/model saved to .*run\/model \(2 epochs, 10 steps\)/);
    expect(c.out.join('\n')).toMatch(/test\s+n 1\s+RMSE \d/);

    const e = capture();
    expect(
      await runCli(['evaluate', '--model', join(dir, 'run', 'model'), '--data', FEP_FIXTURE, '--json'], e.io),
    ).toBe(0);
    const report = JSON.parse(e.out[0]!);
    expect(report.pooled.n).toBe(7);
    expect(Object.keys(report.perTarget)).toEqual(['tyk2']);
    expect(report.model).toMatch(/^compass-[0-9a-f]{12}$/);
    const t = capture();
    expect(
      await runCli(['evaluate', '--model', join(dir, 'run', 'model'), '--data', FEP_FIXTURE], t.io),
    ).toBe(0);
    expect(t.out[0]).toMatch(/pooled\s+7 /);
  });

  it('stops cleanly on SIGINT with a checkpoint (exit 130), and --resume finishes the run', async () => {
    const dir = tmpWorkDir();
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify(tinyConfig({ epochs: 3 })));
    const signals = new EventEmitter();
    const c = capture();
    const io = {
      out: c.io.out,
      err: (t: string) => {
        c.err.push(t);
        if (t.startsWith('epoch 1/')) signals.emit('SIGINT');
      },
    };
    const code = await runTrain(
      { data: FEP_FIXTURE, out: join(dir, 'run'), mode: 'smoke_test', config: cfg },
      io,
      signals,
    );
    expect(code).toBe(130);
    expect(c.err.join('\n')).toContain(`compass train --resume ${join(dir, 'run')}`);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const r = capture();
    expect(await runCli(['train', '--resume', join(dir, 'run'), '--json'], r.io)).toBe(0);
    const result = JSON.parse(r.out[0]!);
    expect(result.steps).toBe(15);
    expect(result.epochsRun).toBe(3);
  });

  it('reports missing flags and unreadable data with exit codes 2 and 1', async () => {
    const c = capture();
    expect(await runCli(['train', '--data', FEP_FIXTURE], c.io)).toBe(2);
    const d = capture();
    expect(await runCli(['train', '--data', join(tmpWorkDir(), 'none'), '--out', tmpWorkDir()], d.io)).toBe(
      1,
    );
    expect(d.err[0]).toContain('DATASET_MISSING_FILE');
    const e = capture();
    expect(await runCli(['evaluate', '--model', tmpWorkDir(), '--data', FEP_FIXTURE], e.io)).toBe(1);
    expect(e.err[0]).toMatch(/MODEL_PACKAGE_/);
  });
});
