/** The one TrainingJob -> task report adapter: metric keys, epoch progress, merging and the SDK's event order. */
import type { RegressionMetrics, TrainingJobEvents } from '@compass/sdk/engine';
import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import { reportTrainingJob, type TrainingReportSink } from '../src/training/job-report.js';

class Job extends EventEmitter<TrainingJobEvents> {
  progress = 0;
}

const metrics = (rmse: number, n = 3): RegressionMetrics => ({
  n,
  rmse,
  mae: rmse / 2,
  pearson: 0.5,
  spearman: Number.NaN,
  kendall: 0.25,
});
const epoch = (e: number, trainLoss: number, validation?: RegressionMetrics) => ({
  epoch: e,
  epochs: 3,
  trainLoss,
  ...(validation ? { validation } : {}),
  lr: 0.001,
  best: true,
  seconds: 1,
});

function recorder() {
  const calls: unknown[][] = [];
  const sink: TrainingReportSink = {
    log: (level, message) => calls.push(['log', level, message]),
    epoch: (e, values, progress) => calls.push(['epoch', e, values, progress]),
    step: (progress) => calls.push(['step', progress]),
  };
  return { calls, sink };
}

const step = (progress: number) => ({
  step: 1,
  epoch: 0,
  loss: 1,
  gradNorm: 1,
  lr: 0.001,
  progress,
  skipped: false,
});

describe('reportTrainingJob', () => {
  it('reports one record per epoch in the SDK event order, with the finished epoch as progress', () => {
    const job = new Job();
    const { calls, sink } = recorder();
    reportTrainingJob(job, sink);
    // Epoch 0: a step, its validation metrics, then the epoch event.
    job.emit('step', step(0.2));
    job.emit('metrics', { split: 'validation', epoch: 0, metrics: metrics(1.2) });
    job.emit('epoch', epoch(0, 0.9, metrics(1.2)));
    job.emit('log', { level: 'warn', message: 'plateau' });
    // Epoch 1, then early stopping (2 of 3 epochs) and the final scores of the kept parameters.
    job.emit('metrics', { split: 'validation', epoch: 1, metrics: metrics(1.1) });
    job.emit('epoch', epoch(1, 0.7, metrics(1.1)));
    job.emit('metrics', { split: 'train', epoch: 1, metrics: metrics(0.4, 10) });
    job.emit('metrics', { split: 'validation', epoch: 1, metrics: metrics(1.0) });
    job.emit('metrics', { split: 'test', epoch: 1, metrics: metrics(1.5) });
    const v = (p: string, rmse: number, n = 3) => ({
      [`${p}.n`]: n,
      [`${p}.rmse`]: rmse,
      [`${p}.mae`]: rmse / 2,
      [`${p}.pearson`]: 0.5,
      [`${p}.kendall`]: 0.25,
    });
    const epoch1 = { trainLoss: 0.7, lr: 0.001, ...v('validation', 1.1) };
    expect(calls).toEqual([
      ['step', 0.2],
      ['epoch', 0, { trainLoss: 0.9, lr: 0.001, ...v('validation', 1.2) }, 1 / 3],
      ['log', 'warn', 'plateau'],
      ['epoch', 1, epoch1, 2 / 3],
      ['epoch', 1, { ...v('train', 0.4, 10), ...epoch1 }, 2 / 3],
      // The epoch's own validation figures are kept over the final scores of the kept parameters.
      ['epoch', 1, { ...v('train', 0.4, 10), ...epoch1 }, 2 / 3],
      ['epoch', 1, { ...v('train', 0.4, 10), ...v('test', 1.5), ...epoch1 }, 2 / 3],
    ]);
  });

  it('leaves out figures that are not finite (an epoch without steps has a NaN loss)', () => {
    const job = new Job();
    const { calls, sink } = recorder();
    reportTrainingJob(job, sink);
    job.emit('epoch', { ...epoch(2, Number.NaN), lr: Number.POSITIVE_INFINITY });
    expect(calls).toEqual([['epoch', 2, {}, 1]]);
  });

  it('reports metrics of an epoch this run never reached when the run ends, at its progress', () => {
    const job = new Job();
    const { calls, sink } = recorder();
    reportTrainingJob(job, sink);
    // Resumed after its last epoch: only the final scores come, for epoch 2.
    job.emit('metrics', { split: 'test', epoch: 2, metrics: metrics(1.5) });
    job.emit('state', 'running', 'queued');
    expect(calls).toEqual([]);
    job.progress = 1;
    job.emit('state', 'succeeded', 'running');
    expect(calls).toEqual([
      [
        'epoch',
        2,
        { 'test.n': 3, 'test.rmse': 1.5, 'test.mae': 0.75, 'test.pearson': 0.5, 'test.kendall': 0.25 },
        1,
      ],
    ]);
  });

  it('stops reporting once detached', () => {
    const job = new Job();
    const { calls, sink } = recorder();
    const detach = reportTrainingJob(job, sink);
    detach();
    job.emit('epoch', epoch(0, 0.9));
    job.emit('log', { level: 'info', message: 'late' });
    job.emit('step', step(0.5));
    expect(calls).toEqual([]);
    expect(job.eventNames()).toEqual([]);
  });
});
