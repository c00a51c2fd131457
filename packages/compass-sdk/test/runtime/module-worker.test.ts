/** The one worker bootstrap: built entry first, source entry behind the dev-only loader, typed error otherwise. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRuntimeError } from '../../src/runtime/errors.js';
import { resolveWorkerEntry, startModuleWorker, workerExecArgv } from '../../src/runtime/module-worker.js';

describe('startModuleWorker', () => {
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'module-worker-'));
    base = pathToFileURL(join(dir, 'bundle.js')).href;
    await writeFile(
      join(dir, 'echo.js'),
      "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage(workerData);\n",
    );
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(
      join(dir, 'echo.ts'),
      "import { parentPort } from 'node:worker_threads';\nconst n: number = 7;\nparentPort!.postMessage(n);\n",
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts the first built entry that exists, with the given workerData', async () => {
    const worker = startModuleWorker(
      base,
      { built: ['./missing.js', './echo.js'], source: './echo.ts' },
      { workerData: { x: 3 } },
    );
    const message = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(message).toEqual({ x: 3 });
    expect(resolveWorkerEntry(base, { built: ['./echo.js'], source: './echo.ts' })).toEqual({
      url: new URL('./echo.js', base),
      built: true,
    });
  });

  it('runs a TypeScript source entry when no built one exists (the dev loader beside the bootstrap)', async () => {
    const worker = startModuleWorker(base, { built: ['./missing.js'], source: './echo.ts' });
    const message = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(message).toBe(7);
  });

  it('throws RUNTIME_WORKER_FAILED naming the built entry when neither exists', () => {
    let error: unknown;
    try {
      startModuleWorker(base, { built: ['./gone.js'], source: './gone.ts' });
    } catch (e) {
      error = e;
    }
    expect(isRuntimeError(error)).toBe(true);
    expect((error as Error & { code: string }).code).toBe('RUNTIME_WORKER_FAILED');
    expect((error as Error).message).toBe('the worker entry is not in this build (./gone.js)');
  });

  it('drops --input-type from the inherited flags and keeps the rest', () => {
    expect(
      workerExecArgv(['--input-type', 'module', '--conditions=source', '--input-type=commonjs', '-r', 'x']),
    ).toEqual(['--conditions=source', '-r', 'x']);
  });
});
