/** The job contract on the in-process engine: worker threads of this process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js';
import { describeJobContract } from './job-contract.js';

describeJobContract('in-process threads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'compass-jobs-'));
  const queue = new InProcessJobQueue({
    dataDir: dir,
    threads: 2,
    handlersModule: resolve(__dirname, 'contract-handlers.ts'),
  });
  return {
    queue,
    crash: (id) => queue.crashHolderOf(id),
    close: async () => {
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
