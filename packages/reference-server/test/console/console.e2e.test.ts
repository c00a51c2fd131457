/** End-to-end tests of the web console in headless Chromium against a real registry and real servers. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildConsole,
  CHROMIUM_PATH,
  type ConsoleEnv,
  launchBrowser,
  startConsoleEnv,
  startLoneServer,
  writeSharedTinyDataset,
  writeTinyDataset,
} from './console-env.js';

/** Per-test limit: a loaded CI machine may be slow (the reference-server default is 30 s). */
const E2E_TIMEOUT = 120_000;

/** expect.poll options: the UI polls the server every 1-2 s. */
const POLL = { timeout: 10_000, interval: 100 };

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`);
  console.warn(`skipping the console e2e tests: no chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return false;
}

describe.skipIf(!chromiumAvailable())('web console (headless Chromium)', () => {
  let root: string;
  let env: ConsoleEnv;
  let browser: Browser;
  let page: Page;
  let base: string;
  let inferenceReady = false;
  const pageErrors: string[] = [];

  const api = async (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${env.admin}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  const go = async (hash: string) => {
    await page.goto(`${base}/#${hash}`);
    await page.locator('main#main h1').first().waitFor();
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'compass-console-'));
    buildConsole();
    env = await startConsoleEnv({ dataRoot: root });
    base = env.main.server.url;
    const probe = await api('POST', '/api/v1/inference/predict', {});
    inferenceReady = probe.status !== 404;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it(
    'refuses a wrong key, signs in with the right one, takes ?key= once and switches language',
    async () => {
      await page.goto(`${base}/`);
      await page.fill('#login-key', 'not-a-key');
      await page.click('button[type=submit]');
      await expect.poll(() => page.locator('[role=alert]').textContent(), POLL).toContain('UNAUTHENTICATED');

      await page.fill('#login-key', env.admin);
      await page.click('button[type=submit]');
      await page.locator('nav [data-nav=predict]').waitFor();
      await page.evaluate(() => localStorage.clear());

      await page.goto(`${base}/?key=${encodeURIComponent(env.admin)}#/models`);
      await page.locator('nav [data-nav=models][aria-current=page]').waitFor();
      expect(page.url()).not.toContain('key=');
      await page.reload();
      await page.locator('nav [data-nav=models][aria-current=page]').waitFor();

      await page.click('[data-testid=language]');
      await expect.poll(() => page.locator('nav [data-nav=predict]').textContent(), POLL).toBe('亲和力预测');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.click('[data-testid=language]');
      await expect.poll(() => page.locator('nav [data-nav=predict]').textContent(), POLL).toBe('Predict');
    },
    E2E_TIMEOUT,
  );

  it(
    'shows the registry honestly: not configured, unreachable, then two instances and a killed one turning critical',
    async () => {
      // A server with no registry, and one whose registry is down: the monitor must say so, not show "connected".
      for (const [name, registryUrl, state, text] of [
        ['lone', undefined, 'unconfigured', 'No registry is configured'],
        ['cut-off', 'http://127.0.0.1:9', 'unreachable', 'unreachable'],
      ] as const) {
        const lone = await startLoneServer(join(root, name), registryUrl);
        try {
          await page.goto(`${lone.url}/?key=${encodeURIComponent(lone.firstAdminToken ?? '')}#/monitor`);
          await expect
            .poll(() => page.locator('[data-testid=monitor-summary]').getAttribute('data-state'), POLL)
            .toBe(state);
          expect(await page.locator('[data-testid=monitor-empty]').textContent()).toContain(text);
          expect(await page.locator('[data-testid=healthy-count]').textContent()).toBe('0/0');
        } finally {
          await lone.close();
        }
      }
      await page.goto(`${base}/?key=${encodeURIComponent(env.admin)}#/monitor`);

      const second = await env.addInstance();
      const secondId = second.registration.instance?.id as string;
      await expect.poll(() => page.locator('[data-testid=healthy-count]').textContent(), POLL).toBe('2/2');
      expect(await page.locator('tr[data-instance]').count()).toBe(2);
      expect(await page.locator(`tr[data-instance="${secondId}"] td`).nth(1).textContent()).toBe(
        second.server.url,
      );

      await second.kill();
      await expect
        .poll(() => page.locator(`tr[data-instance="${secondId}"]`).getAttribute('data-status'), {
          timeout: 10_000,
        })
        .toBe('critical');
      expect(await page.locator('[data-testid=healthy-count]').textContent()).toBe('1/2');
      const mainId = env.main.registration.instance?.id as string;
      expect(await page.locator(`tr[data-instance="${mainId}"]`).getAttribute('data-status')).toBe('passing');
    },
    E2E_TIMEOUT,
  );

  it(
    'keeps mode presets unless a field is changed, then trains a real smoke_test task and pauses, resumes and stops it',
    async (ctx) => {
      if (!sharedDataAvailable()) ctx.skip();
      // A real two-complex dataset for the server's own trainer (the SDK TrainingJob): 200 epochs of batch 2 take
      // several seconds, so pause, resume and stop land mid-run.
      const dir = join(root, 'train-set');
      writeSharedTinyDataset(join(dir, 'set'));
      execFileSync('tar', ['czf', join(dir, 'set.tar.gz'), '-C', join(dir, 'set'), '.']);
      const form = new FormData();
      form.append('name', 'console-train-set');
      form.append('file', new Blob([readFileSync(join(dir, 'set.tar.gz'))]), 'set.tar.gz');
      const uploaded = await fetch(`${base}/api/v1/datasets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.admin}` },
        body: form,
      });
      expect(uploaded.status).toBe(202);
      const datasetId = ((await uploaded.json()) as { id: string }).id;
      await expect
        .poll(
          async () =>
            ((await (await api('GET', `/api/v1/datasets/${datasetId}`)).json()) as { status: string }).status,
          { timeout: 30_000, interval: 200 },
        )
        .toBe('ready');

      await go('/training');
      const field = (key: string) => page.locator(`[data-field=${key}]`);
      await page.selectOption('#task-mode', 'smoke_test');
      expect(await field('epochs').inputValue()).toBe('1');
      expect(await field('hiddenDim').inputValue()).toBe('32');
      await page.selectOption('#task-mode', 'prototyping');
      expect(await field('epochs').inputValue()).toBe('10');
      await field('batchSize').fill('8');
      await page.selectOption('#task-mode', 'validation');
      expect(await field('epochs').inputValue()).toBe('50');
      expect(await field('batchSize').inputValue()).toBe('8');
      await page.selectOption('#task-mode', 'smoke_test');
      expect(await field('epochs').inputValue()).toBe('1');
      expect(await field('batchSize').inputValue()).toBe('8');

      await field('epochs').fill('200');
      await field('batchSize').fill('2');
      await page.selectOption('#task-dataset', datasetId);
      await page.fill('#task-name', 'console-smoke');
      await page.click('[data-testid=create-task]');
      const row = page.locator('tr[data-task-name=console-smoke]');
      await row.locator('[data-state=pending]').waitFor();
      const taskId = (await row.getAttribute('data-task')) as string;
      const created = (await (await api('GET', `/api/v1/tasks/${taskId}`)).json()) as {
        mode: string;
        config: { epochs: number; batchSize: number; datasetId: string; model: { hiddenDim: number } };
      };
      expect(created.mode).toBe('smoke_test');
      expect(created.config.epochs).toBe(200);
      expect(created.config.batchSize).toBe(2);
      expect(created.config.datasetId).toBe(datasetId);
      expect(created.config.model.hiddenDim).toBe(32);

      const progress = async () =>
        Number(await row.locator('[role=progressbar]').getAttribute('aria-valuenow'));
      await row.locator('[data-action=start]').click();
      await row.locator('[data-state=running]').waitFor();
      await expect.poll(progress, POLL).toBeGreaterThanOrEqual(10);

      await row.locator('[data-action=pause]').click();
      await row.locator('[data-state=paused]').waitFor();
      const pausedAt = await progress();
      await new Promise((r) => setTimeout(r, 1_200));
      expect(await progress()).toBe(pausedAt);

      await row.locator('[data-action=resume]').click();
      await row.locator('[data-state=running]').waitFor();
      await expect.poll(progress, POLL).toBeGreaterThan(pausedAt);

      await row.locator('[data-action=stop]').click();
      await row.locator('[data-state=cancelled]').waitFor();
      const stopped = (await (await api('GET', `/api/v1/tasks/${taskId}`)).json()) as {
        state: string;
        progress: number;
      };
      expect(stopped.state).toBe('cancelled');
      // Stopped mid-run: some epochs done, not all 200.
      expect(stopped.progress).toBeGreaterThan(0);
      expect(stopped.progress).toBeLessThan(1);

      await row.locator('a').click();
      await page.locator('[data-testid=task-detail]').waitFor();
      await expect.poll(() => page.locator('[data-testid=live-mode]').textContent(), POLL).toBe('SSE');
      // The trainer's own log: the split of the two complexes, and the stop with its checkpoint, mid-run.
      await expect
        .poll(() => page.locator('[data-testid=task-log]').textContent(), POLL)
        .toMatch(/stopped at step \d+; checkpoint /);
      expect(await page.locator('[data-testid=task-log]').textContent()).toContain('split: 2 train');
      await page.locator('[data-testid=chart]').first().waitFor();
      expect(await page.locator('[data-testid=chart]').first().getAttribute('data-series')).toBe('trainLoss');

      await page.click('[data-action=delete]');
      await page.click('[data-testid=confirm-ok]');
      await page.locator('[data-testid=task-table]').waitFor();
      expect((await api('GET', `/api/v1/tasks/${taskId}`)).status).toBe(404);
    },
    E2E_TIMEOUT,
  );

  it(
    'uploads a dataset with a name and description, lists an invalid upload with its error, and deletes after confirming',
    async () => {
      const dir = join(root, 'upload');
      writeTinyDataset(join(dir, 'set'));
      execFileSync('tar', ['czf', join(dir, 'set.tar.gz'), '-C', join(dir, 'set'), '.']);
      writeFileSync(join(dir, 'notes.txt'), 'this is not an archive\n');
      writeFileSync(join(dir, 'fake.tar.gz'), 'a text file named like an archive\n');

      await go('/data');
      await page.fill('#dataset-name', 'console-set');
      await page.fill('#dataset-description', 'uploaded from the console test');
      await page.setInputFiles('#dataset-file', join(dir, 'set.tar.gz'));
      await page.click('[data-testid=upload]');
      await page.locator('[data-testid=upload-progress] [aria-valuenow="100"]').waitFor();
      const row = page.locator('tr[data-dataset-name=console-set]');
      await row.locator('[data-state=ready]').waitFor();

      await page.fill('#dataset-name', 'wrong-suffix');
      await page.setInputFiles('#dataset-file', join(dir, 'notes.txt'));
      await page.click('[data-testid=upload]');
      await expect
        .poll(() => page.locator('form [role=alert]').textContent(), POLL)
        .toContain('UNSUPPORTED_MEDIA_TYPE');

      await page.fill('#dataset-name', 'not-an-archive');
      await page.setInputFiles('#dataset-file', join(dir, 'fake.tar.gz'));
      await page.click('[data-testid=upload]');
      const bad = page.locator('tr[data-dataset-name=not-an-archive]');
      await bad.locator('[data-state=error]').waitFor();
      const badId = (await bad.getAttribute('data-dataset')) as string;
      const badRecord = (await (await api('GET', `/api/v1/datasets/${badId}`)).json()) as {
        reason: string | null;
      };
      expect(badRecord.reason).toMatch(/archive/);
      expect(await bad.locator('td').nth(2).textContent()).toBe(badRecord.reason);

      await row.locator('a').click();
      await expect
        .poll(() => page.locator('[data-testid=dataset-detail]').textContent(), POLL)
        .toContain('uploaded from the console test');
      await page.locator('main a[href="#/data"]').click();

      const id = (await row.getAttribute('data-dataset')) as string;
      await row.locator('[data-action=delete]').click();
      await page.click('[data-testid=confirm-cancel]');
      expect((await api('GET', `/api/v1/datasets/${id}`)).status).toBe(200);
      await row.locator('[data-action=delete]').click();
      await page.click('[data-testid=confirm-ok]');
      await row.waitFor({ state: 'detached' });
      expect((await api('GET', `/api/v1/datasets/${id}`)).status).toBe(404);
    },
    E2E_TIMEOUT,
  );

  it(
    'predicts on a shared FLASH-DOCK pose and shows a pK',
    async (ctx) => {
      if (!sharedDataAvailable()) ctx.skip();
      if (!inferenceReady) ctx.skip(); // POST /api/v1/inference/predict is not in this server yet (SERVER issue 10)
      await go('/predict');
      // receptor1_ligand1 has a valence-7 carbon that RDKit (and so the original GIGN pipeline) rejects.
      await page.selectOption('#example-receptor', 'Batch_Docking_Result/receptor4.pdb');
      await page.selectOption('#example-pose', 'Batch_Docking_Result/receptor4_ligand1_docked.sdf');
      await page.click('[data-testid=use-example]');
      await expect
        .poll(() => page.locator('[data-testid=loaded-ligand]').textContent(), POLL)
        .toContain('receptor4_ligand1_docked.sdf');
      await page.click('[data-testid=predict]');
      const pk = page.locator('[data-testid=pk]');
      await pk.waitFor({ timeout: 60_000 });
      const value = Number(await pk.textContent());
      expect(Number.isFinite(value)).toBe(true);
      expect((await pk.textContent())?.trim()).toMatch(/^-?\d+\.\d\d$/);
      // The default is the GIGN ensemble: its pK comes with the members' standard deviation.
      expect((await page.locator('[data-testid=uncertainty]').textContent())?.trim()).toMatch(
        /^± \d+\.\d\d$/,
      );
      const models = (await (await api('GET', '/api/v1/models')).json()) as {
        items: Array<{ id: string; isDefault: boolean }>;
      };
      const def = models.items.find((m) => m.isDefault);
      expect(await page.locator('[data-testid=answered-by]').getAttribute('data-model')).toBe(def?.id);
      expect((await page.locator('[data-testid=fallback]').textContent())?.length).toBeGreaterThan(0);

      // The built-in vina scorer sends per-atom shares: the 3D view colours the ligand by them.
      await page.selectOption('#predict-model', 'vina');
      await page.click('[data-testid=predict]');
      await expect
        .poll(() => page.locator('[data-testid=answered-by]').getAttribute('data-model'), POLL)
        .toBe('vina');
      const viewer = page.locator('[data-testid=viewer]');
      await expect.poll(() => viewer.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
      expect(await page.locator('section:has([data-testid=viewer]) p.muted').textContent()).toBe(
        'Coloured by per-atom contribution',
      );
    },
    E2E_TIMEOUT,
  );

  it(
    'batch-scores the 4x4 FLASH-DOCK docking results into a 4x4 heatmap and a sortable table',
    async (ctx) => {
      if (!sharedDataAvailable()) ctx.skip();
      if (!inferenceReady) ctx.skip(); // POST /api/v1/inference/batch is not in this server yet (SERVER issue 10)
      await go('/batch');
      const archive = join(root, 'docking-results.tar.gz');
      execFileSync('tar', [
        'czf',
        archive,
        '-C',
        join(sharedDataDir(), 'flashdock-examples'),
        'Batch_Docking_Result',
      ]);
      await page.setInputFiles('#batch-archive', archive);
      await expect
        .poll(() => page.locator('[data-testid=batch-summary]').textContent(), POLL)
        .toMatch(/: 4 · .*: 16 · 16 /);
      await page.click('[data-testid=batch-example]');
      await expect
        .poll(() => page.locator('[data-testid=batch-summary]').textContent(), POLL)
        .toContain('16');
      await page.click('[data-testid=run-batch]');
      const map = page.locator('[data-testid=heatmap]');
      await expect
        .poll(() => page.locator('[data-testid=batch-count]').textContent(), { timeout: 90_000 })
        .toBe('16 / 16');
      expect(await map.getAttribute('data-rows')).toBe('4');
      expect(await map.getAttribute('data-cols')).toBe('4');
      const values = await map
        .locator('rect[data-cell]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
      expect(values).toHaveLength(16);
      // GIGN rejects one pose (receptor1_ligand1: a valence-7 carbon, as the original pipeline does); 15 have a pK.
      const numbers = values.filter((v) => v !== null && v !== '' && Number.isFinite(Number(v))).map(Number);
      expect(numbers).toHaveLength(15);
      expect(Math.max(...numbers) - Math.min(...numbers)).toBeGreaterThan(1); // not the flat map of the old default
      await page.click('button[data-sort=pK]');
      const firstPk = await page
        .locator('[data-testid=batch-table] tbody tr')
        .first()
        .locator('td[data-pk]')
        .getAttribute('data-pk');
      expect(Math.abs(Number(firstPk) - Math.max(...numbers))).toBeLessThan(0.001);
      await page.selectOption('#batch-sort', 'pK:1');
      // ascending: the first row with a pK (the failed pose has none and may sort either end)
      const lowest = (
        await page
          .locator('[data-testid=batch-table] tbody tr td[data-pk]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-pk')))
      ).find((v) => v !== null && v !== '');
      expect(Math.abs(Number(lowest) - Math.min(...numbers))).toBeLessThan(0.001);
    },
    E2E_TIMEOUT,
  );

  it(
    'shows model cards, switches the default, adds an alias and downloads a package',
    async () => {
      const before = (await (await api('GET', '/api/v1/models')).json()) as {
        items: Array<{ id: string; isDefault: boolean; aliases: string[] }>;
      };
      const original = before.items.find((m) => m.isDefault);
      const other = before.items.find((m) => !m.isDefault);
      expect(original && other).toBeTruthy();
      if (!original || !other) return;
      await go('/models');
      const card = page.locator(`[data-model="${other.id}"]`);
      await card.locator('[data-action=default]').click();
      await page.locator(`[data-model="${other.id}"].is-default`).waitFor();
      expect(await page.locator('.model-card.is-default').count()).toBe(1);
      expect(
        ((await (await api('GET', `/api/v1/models/${other.id}`)).json()) as { isDefault: boolean }).isDefault,
      ).toBe(true);

      await card.locator('input').fill('console-alias');
      await card.locator('button[type=submit]').click();
      await expect
        .poll(() => card.locator('[data-testid=aliases]').textContent(), POLL)
        .toContain('console-alias');
      expect((await api('GET', '/api/v1/models/console-alias')).status).toBe(200);

      const target = page.locator(`[data-model="${original.id}"]`);
      await target.locator('[data-action=default]').click();
      await page.locator(`[data-model="${original.id}"].is-default`).waitFor();
      if (original.id !== 'vina') {
        const download = page.waitForEvent('download');
        await target.locator('[data-action=download]').click();
        expect((await download).suggestedFilename()).toMatch(/\.tar\.gz$/);
      }
    },
    E2E_TIMEOUT,
  );

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
