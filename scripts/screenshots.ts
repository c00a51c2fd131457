/**
 * `npm run screenshots`: starts a registry and two COMPASS servers, drives headless Chromium over every console page
 * at laptop (1366x800) and phone (390x844) widths, and writes PNGs into docs/screenshots/.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Page } from 'playwright-core';
import {
  buildConsole,
  launchBrowser,
  startConsoleEnv,
  type ConsoleEnv,
  writeTinyDataset,
} from '../packages/reference-server/test/console/console-env.js';
import { PacedRunner } from '../packages/reference-server/test/console/paced-runner.js';

const OUT = resolve(process.cwd(), 'docs/screenshots');
const WIDTHS = [
  { name: 'laptop', width: 1366, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function call(env: ConsoleEnv, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${env.main.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${env.admin}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForState(env: ConsoleEnv, id: string, state: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (((await call(env, 'GET', `/api/v1/tasks/${id}`)) as { state: string }).state === state) return;
    await sleep(100);
  }
  throw new Error(`task ${id} never reached ${state}`);
}

/** Tasks in several states, two datasets (one refused), a model record, and a second instance to kill. */
async function seed(env: ConsoleEnv, root: string): Promise<void> {
  const task = async (name: string, mode: string, config: Record<string, unknown> = {}) =>
    ((await call(env, 'POST', '/api/v1/tasks', { name, mode, config })) as { id: string }).id;
  const done = await task('smoke-check', 'smoke_test');
  await call(env, 'POST', `/api/v1/tasks/${done}/start`);
  await task('validation-run', 'validation');
  await waitForState(env, done, 'succeeded');
  const paused = await task('prototype-lr3e-4', 'prototyping', { learningRate: 3e-4 });
  await call(env, 'POST', `/api/v1/tasks/${paused}/start`);
  await sleep(1_500);
  await call(env, 'POST', `/api/v1/tasks/${paused}/pause`);
  const running = await task('production-openff', 'production', { epochs: 120 });
  await call(env, 'POST', `/api/v1/tasks/${running}/start`);

  const dir = join(root, 'data');
  writeTinyDataset(join(dir, 'set'));
  execFileSync('tar', ['czf', join(dir, 'tiny-manifest.tar.gz'), '-C', join(dir, 'set'), '.']);
  writeFileSync(join(dir, 'broken.zip'), 'not really a zip\n');
  for (const [file, name, description] of [
    ['tiny-manifest.tar.gz', 'tiny-manifest', 'one complex listed in manifest.csv'],
    ['broken.zip', 'broken-upload', 'a text file named .zip'],
  ] as const) {
    const form = new FormData();
    form.append('name', name);
    form.append('description', description);
    form.append('file', new Blob([readFileSync(join(dir, file))]), file);
    const res = await fetch(`${env.main.server.url}/api/v1/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.admin}` },
      body: form,
    });
    if (!res.ok) throw new Error(`upload ${file}: ${res.status}`);
  }

  const storage = env.main.server.storage;
  if ((await storage.listModels()).items.length === 0) {
    // Until the server registers the bundled model itself, the screenshots show the bundled card when it exists,
    // otherwise a clearly named fixture record.
    const bundled = resolve(process.cwd(), 'packages/compass-sdk/models/default/model.json');
    const card = existsSync(bundled)
      ? (JSON.parse(readFileSync(bundled, 'utf8')) as Record<string, unknown>)
      : {
          name: 'screenshot-fixture',
          architecture: { name: 'visnet' },
          target: { mean: 6.4, std: 1.9, unit: 'pK' },
          training: { datasets: [{ name: 'openff-plb', count: 369 }], epochs: 40 },
          metrics: { validation: { rmse: 1.31, pearson: 0.62 } },
        };
    const id = String(
      card.id ?? createHash('sha256').update(JSON.stringify(card)).digest('hex').slice(0, 16),
    );
    await storage.putModel({
      id,
      name: String(card.name ?? 'compass-default'),
      aliases: ['default', 'bundled'],
      card,
      packagePath: bundled,
      sha256: createHash('sha256').update(JSON.stringify(card)).digest('hex'),
      isDefault: true,
    });
  }
}

async function shoot(page: Page, name: string, width: string): Promise<void> {
  await sleep(400);
  await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
  console.log(`screenshots: ${name}-${width}.png`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  buildConsole();
  const root = mkdtempSync(join(tmpdir(), 'compass-screens-'));
  const env = await startConsoleEnv({ dataRoot: root, runner: new PacedRunner({ tickMs: 150 }) });
  const browser = await launchBrowser();
  try {
    const second = await env.addInstance();
    await seed(env, root);
    const base = env.main.server.url;
    const probe = await fetch(`${base}/api/v1/inference/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.admin}` },
    });
    const inference = probe.status !== 404;
    if (!inference)
      console.warn('screenshots: this server has no inference routes yet; Predict/Batch show inputs only');
    const tasks = (await call(env, 'GET', '/api/v1/tasks')) as { items: Array<{ id: string; name: string }> };
    const running = tasks.items.find((t) => t.name === 'production-openff')?.id ?? '';
    let killed = false;

    for (const size of WIDTHS) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(`${base}/`);
      await shoot(page, 'login', size.name);
      await page.goto(`${base}/?key=${encodeURIComponent(env.admin)}#/predict`);
      await page
        .locator('[data-testid=use-example]')
        .waitFor()
        .catch(async (err: unknown) => {
          console.error(await page.locator('body').innerText());
          throw err;
        });
      await page.click('[data-testid=use-example]');
      await page.locator('[data-testid=loaded-ligand]:not(:empty)').waitFor();
      if (inference) {
        await page.click('[data-testid=predict]');
        await page.locator('[data-testid=pk], [role=alert]').first().waitFor({ timeout: 60_000 });
        await page
          .locator('[data-testid=viewer][data-ready]')
          .waitFor({ timeout: 30_000 })
          .catch(() => undefined);
        await sleep(1_000);
      }
      await shoot(page, 'predict', size.name);

      await page.goto(`${base}/#/batch`);
      await page.click('[data-testid=batch-example]');
      if (inference) {
        await page.click('[data-testid=run-batch]');
        await page
          .locator('[data-testid=batch-count]', { hasText: '16 / 16' })
          .waitFor({ timeout: 120_000 })
          .catch(() => undefined);
        await page.selectOption('#batch-sort', 'pK:-1');
      }
      await shoot(page, 'batch', size.name);

      await page.goto(`${base}/#/training`);
      await page.locator('tr[data-task]').first().waitFor();
      await shoot(page, 'training', size.name);
      await page.goto(`${base}/#/training/${running}`);
      await page.locator('[data-testid=chart]').first().waitFor({ timeout: 20_000 });
      await shoot(page, 'training-detail', size.name);

      await page.goto(`${base}/#/data`);
      await page.locator('tr[data-dataset] [data-state=error]').waitFor();
      await shoot(page, 'data', size.name);
      await page.goto(`${base}/#/models`);
      await page.locator('[data-model]').first().waitFor();
      await shoot(page, 'models', size.name);

      if (!killed) {
        await second.kill();
        killed = true;
        await sleep(2_500);
      }
      await page.goto(`${base}/#/monitor`);
      await page.locator('tr[data-status=critical]').waitFor({ timeout: 10_000 });
      await shoot(page, 'monitor', size.name);

      await page.goto(`${base}/#/training`);
      await page.click('[data-testid=language]');
      await page.locator('tr[data-task]').first().waitFor();
      await shoot(page, 'training-zh', size.name);
      await page.click('[data-testid=language]');
      await page.close();
    }
  } finally {
    await browser.close();
    await env.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
