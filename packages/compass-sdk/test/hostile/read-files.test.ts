/**
 * Files by handle (issue 16: D15 and the rule the server reuses for `{path}` inputs): devices, FIFOs, links,
 * oversized files and files outside a folder are refused at once with a typed error naming the reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { gzipSync } from 'node:zlib';
import { decodeText, readInput } from '../../src/structure/io/text-source.js';
import { readLigands, readProtein, readRegularFile } from '../../src/structure/index.js';
import { FIXTURE_LIGANDS } from '../model/helpers.js';

let root: string;
let inside: string;
let fifo: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'compass-hostile-read-'));
  inside = join(root, 'allowed');
  await mkdir(join(inside, 'sub'), { recursive: true });
  await writeFile(join(inside, 'sub', 'p.pdb'), 'ATOM\n');
  await writeFile(join(root, 'secret.pdb'), 'SECRET\n');
  await symlink(join(root, 'secret.pdb'), join(inside, 'link.pdb'));
  await symlink(root, join(inside, 'up'));
  fifo = join(root, 'fifo.pdb');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { reason?: unknown } };
    return { code: err.code, reason: err.details?.reason, ms: performance.now() - t0 };
  }
  throw new Error('expected a refusal');
}

describe('readRegularFile', () => {
  it('reads a regular file inside the folder through its handle', async () => {
    const bytes = await readRegularFile(join(inside, 'sub', 'p.pdb'), { within: inside });
    expect(bytes.toString()).toBe('ATOM\n');
  });

  it('D15: refuses /dev/zero and a FIFO at once (they hung before) with reason not-regular', async () => {
    for (const path of ['/dev/zero', fifo]) {
      const r = await refusal(readRegularFile(path));
      expect(r).toMatchObject({ code: 'PARSE_UNREADABLE', reason: 'not-regular' });
      expect(r.ms).toBeLessThan(1000);
    }
    expect(await refusal(readProtein('/dev/zero'))).toMatchObject({
      code: 'PARSE_UNREADABLE',
      reason: 'not-regular',
    });
    expect(await refusal(readLigands(fifo))).toMatchObject({
      code: 'PARSE_UNREADABLE',
      reason: 'not-regular',
    });
    expect(await refusal(readRegularFile(inside))).toMatchObject({ reason: 'not-regular' });
  });

  it('refuses a final symlink, a file reached through a link out of the folder, a missing file, an oversized one', async () => {
    expect(await refusal(readRegularFile(join(inside, 'link.pdb')))).toMatchObject({ reason: 'symlink' });
    expect(
      await refusal(readRegularFile(join(inside, 'up', 'secret.pdb'), { within: inside })),
    ).toMatchObject({
      code: 'PARSE_UNREADABLE',
      reason: 'outside',
    });
    expect(await refusal(readRegularFile(join(root, 'secret.pdb'), { within: inside }))).toMatchObject({
      reason: 'outside',
    });
    expect(await refusal(readRegularFile(join(inside, 'none.pdb')))).toMatchObject({ reason: 'missing' });
    expect(await refusal(readRegularFile(join(inside, 'sub', 'p.pdb'), { maxBytes: 4 }))).toMatchObject({
      reason: 'too-large',
    });
  });

  it('caps a gzip bomb at maxBytes and tells it from corrupt data', () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20));
    expect(bomb.length).toBeLessThan(16 << 10);
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    };
    expect(err(() => decodeText(bomb, 'bomb.pdb.gz', 1 << 20))).toMatchObject({
      code: 'PARSE_UNREADABLE',
      details: { source: 'bomb.pdb.gz', reason: 'too-large' },
    });
    expect(err(() => decodeText(Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2]), 'c.gz'))).toMatchObject({
      details: { reason: 'corrupt' },
    });
  });

  it('caps a stream at maxBytes', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) yield new Uint8Array(1 << 16);
    }
    expect(await refusal(readInput(endless(), { maxBytes: 1 << 20 }))).toMatchObject({
      code: 'PARSE_UNREADABLE',
      reason: 'too-large',
    });
  });
});

describe('compass predict on a device', () => {
  it('D15: `compass predict --protein /dev/zero` fails at once with exit 1 and the reason', async () => {
    expect(existsSync('/dev/zero')).toBe(true);
    let err = '';
    const t0 = performance.now();
    const code = await runCli(
      ['predict', '--protein', '/dev/zero', '--ligand', FIXTURE_LIGANDS, '--model', join(root, 'no-model')],
      { out: () => undefined, err: (t) => (err += `${t}\n`) },
    );
    expect(code).toBe(1);
    expect(err).toContain('not a regular file (a character device)');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
