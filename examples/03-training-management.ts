/**
 * Example 3: training management, as FLASH-DOCK's training page did: upload a dataset, create a task, follow its
 * live events with a progress bar, pause, resume and stop it. `npm run example -- training-management [--url ...]`
 * The server trains for real (its SDK trainer, smoke_test, on a tiny dataset). With `--full` the
 * task (1 epoch) runs to the end instead, its model is registered, and a prediction is made with it.
 */
import { SingleBar } from 'cli-progress';
import type { CompassClient, RemoteTaskState } from '@compass/sdk/client';
import type { Compass } from '@compass/sdk/engine';
import { parseExampleFlags } from './lib/args.js';
import { connect } from './lib/connect.js';
import { tinyDatasetArchive } from './lib/dataset-archive.js';
import { defaultPair } from './lib/batch-inputs.js';

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
  /** With `--full`: the trained model, listed on the server, and a prediction made with it. */
  readonly trained?: {
    readonly modelId: string;
    readonly listed: boolean;
    readonly pK: number;
    readonly servedModel: string;
  };
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<TrainingManagementResult> {
  const flags = parseExampleFlags(args);
  const conn = await connect(flags);
  try {
    const client = conn.compass.client();
    let uploadPercent = 0;
    const uploaded = await client.datasets.upload(await tinyDatasetArchive(), {
      name: 'example-tiny',
      fileName: 'example-tiny.tar.gz',
      onProgress: (p) => (uploadPercent = p.percent),
    });
    const dataset = await client.datasets.waitUntilProcessed(uploaded.id);
    log(`dataset ${dataset.id} uploaded (${Math.round(uploadPercent * 100)} %), status ${dataset.status}`);
    const run = await conn.compass.train({
      name: 'example-smoke-test',
      dataset: { id: dataset.id },
      mode: 'smoke_test',
      // Far more epochs than the few it takes to pause, resume and stop, so each lands mid-run however fast the
      // machine is; progress moves once per epoch.
      config: { epochs: flags.full ? 1 : 200, batchSize: 2 },
    });
    log(`task ${run.id} created and started (${run.task.state})`);
    if (flags.full) return await trainToTheEnd(conn.compass, client, run, dataset.id, uploadPercent, log);
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
      // Pause once training has made progress, stop once it has made more after the resume.
      if (phase === 'pause' && progress > 0) {
        actions.push({ action: 'pause', progress, state: (await run.pause()).state });
        phase = 'resume';
      } else if (phase === 'stop' && progress > actions[0]!.progress && states.at(-1) === 'running') {
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

/** `--full`: follow the task to its end, then find its model on the server and predict with it. */
async function trainToTheEnd(
  compass: Compass,
  client: CompassClient,
  run: Awaited<ReturnType<Compass['train']>>,
  datasetId: string,
  uploadPercent: number,
  log: (line: string) => void,
): Promise<TrainingManagementResult> {
  const states: RemoteTaskState[] = [];
  let logLines = 0;
  for await (const event of run.events()) {
    if (event.event === 'state') states.push((event.data as { state: RemoteTaskState }).state);
    if (event.event === 'log') {
      logLines++;
      log(`  log: ${(event.data as { message: string }).message}`);
    }
    if (event.event === 'metrics')
      log(`  metrics: ${JSON.stringify((event.data as { values: unknown }).values)}`);
  }
  const final = await run.refresh();
  log(`task ${final.id} ended ${final.state}${final.error ? `: ${final.error}` : ''}`);
  let trained: TrainingManagementResult['trained'];
  if (final.modelId) {
    let listed = false;
    for await (const m of client.models.iterate()) listed ||= m.id === final.modelId;
    const pair = defaultPair();
    const r = await compass.predict(
      { protein: { path: pair.protein }, ligand: { path: pair.ligand } },
      { model: final.modelId },
    );
    trained = { modelId: final.modelId, listed, pK: r.predictions[0]!.pK, servedModel: r.model };
    log(`model ${final.modelId} registered; ${pair.id} with it: pK ${trained.pK.toFixed(2)} (${r.tier})`);
  }
  return {
    datasetId,
    taskId: run.id,
    states,
    actions: [],
    finalState: final.state,
    uploadPercent,
    logLines,
    ...(trained ? { trained } : {}),
  };
}
