/** The batch example's CSV, console table and prediction text: pK and uncertainty columns, members when given. */
import type { CompassBatchResult, CompassPrediction } from '@compass/sdk/engine';
import { describe, expect, it } from 'vitest';
import type { BatchGrid } from '../lib/batch-inputs.js';
import { BATCH_CSV_HEADER, batchCells, batchCsv, batchTableLines, csvField } from '../lib/batch-table.js';
import { formatPK, predictionMembers } from '../lib/prediction-text.js';

const grid: BatchGrid = {
  source: 'examples/data',
  rows: ['r1', 'r2'],
  cols: ['a', 'b'],
  pairs: [
    [
      { id: 'r1:a', protein: 'p1', ligand: 'a' },
      { id: 'r1:b', protein: 'p1', ligand: 'b' },
    ],
    [
      { id: 'r2:a', protein: 'p2', ligand: 'a' },
      { id: 'r2:b', protein: 'p2', ligand: 'b' },
    ],
  ],
};
const prediction = (pK: number, uncertainty: number | null): CompassPrediction => ({
  index: 0,
  name: '',
  pK,
  uncertainty,
  warnings: [],
});
const batch = (uncertainty: (i: number) => number | null): CompassBatchResult => ({
  unit: 'pK',
  model: 'gign-ensemble',
  tier: 'remote',
  servedBy: 'http://127.0.0.1:1',
  fallbacks: [],
  results: [
    { id: 'r1:a', ok: true, predictions: [prediction(7.123456, uncertainty(0))] },
    { id: 'r1:b', ok: true, predictions: [prediction(6.5, uncertainty(1)), prediction(1, 1)] },
    { id: 'r2:a', ok: false, error: { code: 'PARSE_BAD_COORDINATE', message: 'p2:12: bad "x", see docs' } },
  ],
});

describe('batch table', () => {
  it('writes pK and uncertainty columns (first record per item), errors quoted, a missing item named', () => {
    const csv = batchCsv(
      grid,
      batch((i) => 0.25 + i / 10),
    ).split('\n');
    expect(csv[0]).toBe(BATCH_CSV_HEADER);
    expect(csv[0]!.split(',').slice(2, 4)).toEqual(['pK', 'uncertainty']);
    expect(csv.slice(1)).toEqual([
      'r1,a,7.1235,0.2500,remote,gign-ensemble,',
      'r1,b,6.5000,0.3500,remote,gign-ensemble,',
      'r2,a,,,remote,gign-ensemble,"PARSE_BAD_COORDINATE: p2:12: bad ""x"", see docs"',
      'r2,b,,,remote,gign-ensemble,MISSING: no result for this item',
      '',
    ]);
  });

  it('leaves the uncertainty column empty when the model gives none', () => {
    const lines = batchCsv(
      grid,
      batch(() => null),
    )
      .trim()
      .split('\n');
    expect(lines[1]).toBe('r1,a,7.1235,,remote,gign-ensemble,');
    expect(
      batchCells(
        grid,
        batch(() => null),
      ),
    ).toEqual([
      [
        { pK: 7.123456, uncertainty: null },
        { pK: 6.5, uncertainty: null },
      ],
      [null, null],
    ]);
  });

  it('prints the grid with pK ± sd, n/a for failures', () => {
    const lines = batchTableLines(
      grid,
      batchCells(
        grid,
        batch((i) => 0.25 + i / 10),
      ),
    );
    expect(lines.map((l) => l.trim().split(/\s{2,}/))).toEqual([
      ['a', 'b'],
      ['r1', '7.12 ± 0.25', '6.50 ± 0.35'],
      ['r2', 'n/a', 'n/a'],
    ]);
  });

  it('quotes only fields that need it', () => {
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines')]).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
    ]);
  });
});

describe('prediction text', () => {
  it('shows ± only with an uncertainty', () => {
    expect(formatPK({ pK: 7.085, uncertainty: 0.1234 })).toBe('7.08 ± 0.12');
    expect(formatPK({ pK: 7.085, uncertainty: null })).toBe('7.08');
  });

  it('reads details.members when present and well-formed, else none', () => {
    const members = [
      { model: 'gign-run1', pK: 7.0 },
      { model: 'gign-run2', pK: 7.4 },
    ];
    expect(predictionMembers({ ...prediction(7.2, 0.28), details: { members } })).toEqual(members);
    expect(predictionMembers(prediction(7.2, null))).toEqual([]);
    expect(predictionMembers({ details: null })).toEqual([]);
    expect(predictionMembers({ details: { members: 'x' } })).toEqual([]);
    expect(predictionMembers({ details: { members: [{ model: 'm', pK: '7' }, members[0]] } })).toEqual([
      members[0],
    ]);
  });
});
