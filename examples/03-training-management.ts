/**
 * Example 3: training management, as FLASH-DOCK's training page did: upload a dataset, create a task, follow its
 * live events with a progress bar, pause, resume and stop it. `npm run example -- training-management [--url ...]`
 */
import { SingleBar } from 'cli-progress';
import type { RemoteTaskState } from '@compass/sdk';
import { parseExampleFlags } from './lib/args.js';
import { connect } from './lib/connect.js';
import { tinyDatasetArchive } from './lib/dataset-archive.js';

/** What the example returns (tests check it). */
export interface TrainingManagementResult {
  readonly datasetId: string;
  readonly taskId: string;
  /** Every state the event stream reported, in order. */
  readonly states: readonly RemoteTaskState[];
  /** The actions taken, with the task's progress when each was taken. */
  readonly actions: readonly {
    action: 'pause' | 'resume' | 'stop';
    progress: number;
    state: RemoteTaskState;
  }[];
  readonly finalState: RemoteTaskState;
  readonly uploadPercent: number;
  readonly logLines: number;
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<TrainingManagementResult> {
  const flags = parseExampleFlags(args);
  const conn = await connect(flags, { stack: { training: { stepsPerEpoch: 10, stepMs: 80 } } });
  try {
    const client = conn.compass.client();
    let uploadPercent = 0;
    const uploaded = await client.datasets.upload(await tinyDatasetArchive(), {
      name: 'flashdock-tiny',
      fileName: 'flashdock-tiny.tar.gz',
      onProgress: (p) => (uploadPercent = p.percent),
    });
    const dataset = await client.datasets.waitUntilProcessed(uploaded.id);
    log(`dataset ${dataset.id} uploaded (${Math.round(uploadPercent * 100)} %), status ${dataset.status}`);
    const run = await conn.compass.train({
      name: 'example-smoke-test',
      dataset: { id: dataset.id },
      mode: 'smoke_test',
      config: { epochs: 3 },
    });
    log(`task ${run.id} created and started (${run.task.state})`);
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: 'training [{bar}] {percentage}% {state}' })
      : undefined;
    bar?.start(100, 0, { state: run.task.state });
    const states: RemoteTaskState[] = [];
    const actions: TrainingManagementResult['actions'][number][] = [];
    let logLines = 0;
    let progress = 0;
    let phase: 'pause' | 'resume' | 'stop' | 'done' = 'pause';
    for await (const event of run.events()) {
      if (event.event === 'log') logLines++;
      if (event.event === 'progress') {
        progress = (event.data as { progress: number }).progress;
        bar?.update(Math.round(progress * 100), { state: states.at(-1) ?? '' });
        if (!bar) log(`  progress ${(progress * 100).toFixed(0)} %`);
      }
      if (event.event === 'state') {
        const state = (event.data as { state: RemoteTaskState }).state;
        states.push(state);
        if (!bar) log(`  state ${state}`);
        if (phase === 'resume' && state === 'paused') {
          actions.push({ action: 'resume', progress, state: (await run.resume()).state });
          phase = 'stop';
        }
      }
      if (phase === 'pause' && progress >= 0.2) {
        actions.push({ action: 'pause', progress, state: (await run.pause()).state });
        phase = 'resume';
      } else if (phase === 'stop' && progress >= 0.5 && states.at(-1) === 'running') {
        actions.push({ action: 'stop', progress, state: (await run.stop()).state });
        phase = 'done';
      }
    }
    bar?.stop();
    const final = await run.refresh();
    for (const a of actions) log(`${a.action} at ${(a.progress * 100).toFixed(0)} % -> ${a.state}`);
    log(`task ${final.id} ended ${final.state} after ${logLines} log lines`);
    return {
      datasetId: dataset.id,
      taskId: run.id,
      states,
      actions,
      finalState: final.state,
      uploadPercent,
      logLines,
    };
  } finally {
    await conn.close();
  }
}
