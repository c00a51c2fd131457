/** GIGN featuriser on every OpenFF and Schrodinger FEP pose: atom and edge counts against the original pipeline. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGignGraph, isFeaturiseError } from '../../src/featurise/gign/index.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';
import { readLigands, readProtein, type LigandRecord } from '../../src/structure/formats.js';
import type { PdbStructure } from '../../src/structure/pdb/schema.js';
import { REF } from './golden.js';

const have = sharedDataAvailable();

interface FepRow {
  set: string;
  target: string;
  index: number;
  counts: [number, number, number, number];
  error: string;
}

function rows(set: string): FepRow[] {
  const lines = readFileSync(join(REF(), 'fep', `${set}.csv`), 'utf8')
    .trim()
    .split('\n');
  const head = lines[0]!.split(',');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((l) => {
    const f = csvFields(l);
    return {
      set,
      target: f[col('target')]!,
      index: Number(f[col('ligand_index')]),
      counts: [
        Number(f[col('n_ligand_atoms')]),
        Number(f[col('n_pocket_atoms')]),
        Number(f[col('n_edges_intra')]),
        Number(f[col('n_edges_inter')]),
      ],
      error: f[col('error')] ?? '',
    };
  });
}

// One CSV row: fields split at commas outside double quotes ("" inside quotes is a quote).
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '',
    quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted) {
      if (ch === '"' && line[k + 1] === '"') {
        cur += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function files(set: string, target: string): [string, string] {
  const d = join(sharedDataDir(), set);
  if (set === 'openff-plb') return [join(d, target, 'protein.pdb'), join(d, target, 'ligands.sdf')];
  return [join(d, `${target}_protein.pdb`), join(d, `${target}_ligands.sdf`)];
}

describe.skipIf(!have)('GIGN featuriser on the FEP poses (counts per pose vs the original pipeline)', () => {
  for (const set of ['openff-plb', 'schrodinger-fep']) {
    it(`${set}: atom and edge counts per pose; the poses the original dropped fail with a typed error`, async () => {
      const all = rows(set);
      const cache = new Map<string, [PdbStructure, readonly LigandRecord[]]>();
      let same = 0,
        errorsAsExpected = 0,
        expectedErrors = 0;
      const report: string[] = [];
      let ms = 0;
      for (const r of all) {
        let c = cache.get(r.target);
        if (c === undefined) {
          const [p, l] = files(set, r.target);
          c = [await readProtein(p), (await readLigands(l)).records];
          cache.set(r.target, c);
        }
        const lig = c[1].find((x) => x.index === r.index)!;
        if (r.error !== '') expectedErrors++;
        try {
          const t0 = performance.now();
          const g = buildGignGraph(c[0], lig);
          ms += performance.now() - t0;
          const ours = [g.numLigandAtoms, g.numPocketAtoms, g.intra.src.length, g.inter.src.length];
          if (r.error === '' && ours.every((v, k) => v === r.counts[k])) same++;
          else
            report.push(
              `${r.target}#${r.index}: ours ${ours.join('/')} ref ${r.counts.join('/')} ${r.error}`,
            );
        } catch (e) {
          if (r.error !== '' && isFeaturiseError(e) && e.code === 'FEATURISE_SANITIZE_POCKET')
            errorsAsExpected++;
          else report.push(`${r.target}#${r.index}: threw ${(e as Error).message}`);
        }
      }
      const ok = all.length - expectedErrors;
      console.log(
        `${set}: ${same}/${ok} poses with identical counts, ${errorsAsExpected}/${expectedErrors} expected failures, ` +
          `${(ms / all.length).toFixed(2)} ms/pose\n${report.slice(0, 40).join('\n')}`,
      );
      expect(errorsAsExpected).toBe(expectedErrors);
      expect(same).toBe(ok);
    }, 300_000);
  }
});
