/** `compass inspect`: in-process runs (text, JSON, errors, exit codes) and one spawned run of the real entry point. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION, runCli, type InspectReport } from '../../src/cli/index.js';
import { VERSION } from '../../src/index.js';

const fx = (n: string) => fileURLToPath(new URL(`../fixtures/structure/${n}`, import.meta.url));
const PROTEIN = fx('tyk2_pocket8.pdb');
const LIGANDS = fx('tyk2_ligands.sdf');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('compass inspect', () => {
  it('prints one JSON object with one entry per SDF record', async () => {
    const r = await run(['inspect', '--protein', PROTEIN, '--ligand', LIGANDS, '--json', '--radius', '6']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as InspectReport;
    expect(report.protein).toMatchObject({
      atoms: 862,
      residues: 54,
      hydrogens: 440,
      chains: [{ id: 'A', residues: 54, atoms: 862 }],
    });
    expect(report.ligands).toHaveLength(7);
    expect(report.ligands[0]).toMatchObject({
      name: 'ejm_47',
      atoms: 39,
      heavyAtoms: 24,
      bonds: 41,
      data: { r_exp_dg: '-9.79' },
      pocket: { residues: 34, atoms: 538, chains: ['A'] },
    });
    expect(report.warnings).toEqual([]);
  });

  it('prints readable text by default', async () => {
    const r = await run(['inspect', '--protein', PROTEIN, '--ligand', LIGANDS]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('862 atoms');
    expect(r.out).toContain('#7 ejm_46');
    expect(r.out).toContain('warnings: 0');
  });

  it('exits 1 with the typed error for an unreadable or malformed file', async () => {
    const missing = await run(['inspect', '--protein', '/nonexistent.pdb', '--ligand', LIGANDS]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('PARSE_UNREADABLE');
    const dir = mkdtempSync(join(tmpdir(), 'compass-cli-'));
    writeFileSync(
      join(dir, 'bad.sdf'),
      'x\n\n\n  2  0  0  0  0  0  0  0  0  0999 V2000\n    0.0 abc 0.0 C\n',
    );
    const bad = await run(['inspect', '--protein', PROTEIN, '--ligand', join(dir, 'bad.sdf'), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error.code).toBe('PARSE_BAD_COORDINATE');
    expect(bad.err).toContain('bad.sdf:5');
  });

  it('reports a ligand far from the protein and exits 1 when no record has a pocket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compass-cli-'));
    writeFileSync(
      join(dir, 'far.sdf'),
      'far\n\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n  500.0000  500.0000  500.0000 C   0  0\nM  END\n$$$$\n',
    );
    const r = await run(['inspect', '--protein', PROTEIN, '--ligand', join(dir, 'far.sdf'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as InspectReport;
    expect(report.ligands[0]!.pocket).toMatchObject({ error: { code: 'STRUCTURE_LIGAND_FAR' } });
    expect(report.warnings.map((w) => w.code)).toEqual(['STRUCTURE_LIGAND_FAR']);
  });

  it('rejects a missing option with a usage error and keeps its version in step', async () => {
    expect((await run(['inspect', '--protein', PROTEIN])).code).toBe(2);
    expect(CLI_VERSION).toBe(VERSION);
  });

  it('runs as a real process through tsx', async () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'tsx',
        '--conditions=source',
        'packages/compass-sdk/src/cli.ts',
        'inspect',
        '--protein',
        PROTEIN,
        '--ligand',
        LIGANDS,
        '--json',
      ],
      { cwd: root },
    );
    expect((JSON.parse(stdout) as InspectReport).ligands).toHaveLength(7);
    await expect(
      promisify(execFile)(
        'npx',
        [
          'tsx',
          '--conditions=source',
          'packages/compass-sdk/src/cli.ts',
          'inspect',
          '--protein',
          '/nope.pdb',
          '--ligand',
          LIGANDS,
        ],
        { cwd: root },
      ),
    ).rejects.toMatchObject({ code: 1 });
  });
});
