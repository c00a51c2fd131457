/**
 * The committed example inputs: small, attributed, parseable, and (where the shared data is there to compare
 * with) a pocket that scores exactly as the whole OpenFF tyk2 receptor does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLigands, parseProtein } from '@compass/sdk/engine';
import { sharedDataAvailable, sharedDataDir } from '../../support/shared-data.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DATA_DIR, EXAMPLE_LIGANDS, exampleLigand, examplePocket } from '../lib/example-data.js';
import { vinaPK } from './expected.js';

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? sizeOf(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

describe('examples/data', () => {
  it('stays under 1 MB and carries the CC-BY-4.0 attribution', () => {
    expect(sizeOf(EXAMPLE_DATA_DIR)).toBeLessThan(1_000_000);
    const notice = readFileSync(join(EXAMPLE_DATA_DIR, 'LICENSE.md'), 'utf8');
    for (const s of ['CC-BY-4.0', 'Open Force Field', 'protein-ligand-benchmark', '4GIH', 'trimmed'])
      expect(notice).toContain(s);
  });

  it('holds a protonated pocket and one posed record per listed ligand, under its name', () => {
    const pocket = parseProtein(readFileSync(examplePocket(), 'utf8'), { format: 'pdb' });
    expect([pocket.atoms.count, pocket.residues.count]).toEqual([1611, 99]);
    expect(pocket.atoms.element.filter((e) => e === 'H').length).toBeGreaterThan(700);
    expect(pocket.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const name of EXAMPLE_LIGANDS) {
      const { records } = parseLigands(readFileSync(exampleLigand(name), 'utf8'), { format: 'sdf' });
      expect(records.map((r) => r.name)).toEqual([name]);
    }
  });
});

describe.skipIf(!sharedDataAvailable())('examples/data against the shared OpenFF tyk2', () => {
  it('scores every ligand in the pocket exactly as in the whole receptor (Vina, 8 A cutoff < 12 A cut)', async () => {
    const whole = join(sharedDataDir(), 'openff-plb', 'tyk2', 'protein.pdb');
    for (const name of EXAMPLE_LIGANDS)
      expect(await vinaPK(examplePocket(), exampleLigand(name))).toBeCloseTo(
        await vinaPK(whole, exampleLigand(name)),
        6,
      );
  }, 120_000);
});
