/** The features CSV reader: GIGN's files read whole; every bad field is a typed error naming line and column. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRfScoreCsv, parseRfScoreCsv, readRfScoreCsv } from '../../src/rfscore/features-csv.js';
import { sharedDataAvailable, sharedDataDir } from '../../../../support/shared-data.js';

const have = sharedDataAvailable();
const header = ['pdbid', 'pK', ...Array.from({ length: 36 }, (_, i) => `f${i}`)].join(',');
const row = (id: string, pK: string, first = '5') =>
  [id, pK, first, ...new Array<string>(35).fill('1')].join(',');

describe('parseRfScoreCsv', () => {
  it('reads ids, labels and row-major features, skipping blank lines', () => {
    const t = parseRfScoreCsv(
      `${header}\n${row('1abc', '6.5', '2274')}\n\n${row('2xyz', '3.25')}\n`,
      'a.csv',
    );
    expect(t.ids).toEqual(['1abc', '2xyz']);
    expect(Array.from(t.pK)).toEqual([6.5, 3.25]);
    expect(t.features.length).toBe(72);
    expect([t.features[0], t.features[1], t.features[36]]).toEqual([2274, 1, 5]);
    expect(t.labelled).toBe(true);
  });

  it('reads a file without the pK column as unlabelled rows', () => {
    const h = header.replace(',pK', '');
    const t = parseRfScoreCsv(`${h}\n${['q1', ...new Array<string>(36).fill('0')].join(',')}\n`);
    expect(t.labelled).toBe(false);
    expect(Number.isNaN(t.pK[0])).toBe(true);
  });

  it('writes back what it reads', () => {
    const text = `${header}\n${row('1abc', '6.5', '2274')}\n${row('2xyz', '3.25')}\n`;
    expect(formatRfScoreCsv(parseRfScoreCsv(text))).toBe(text);
  });

  const cases: [string, string, RegExp, Record<string, unknown>][] = [
    [
      'a wrong header',
      header.replace('f7', 'g7'),
      /x\.csv:1: header .* column 10 is "g7", expected "f7"/,
      { line: 1 },
    ],
    [
      'a short row',
      `${header}\n${row('1abc', '6')}\n1abc,6,1`,
      /x\.csv:3: 3 fields; the header has 38/,
      { line: 3 },
    ],
    [
      'a non-numeric pK',
      `${header}\n${row('1abc', 'six')}`,
      /x\.csv:2: pK "six" is not a finite number/,
      { line: 2, column: 'pK' },
    ],
    [
      'a negative count',
      `${header}\n${row('1abc', '6', '-3')}`,
      /x\.csv:2: f0 -3 is negative/,
      { line: 2, column: 'f0' },
    ],
    ['an empty id', `${header}\n${row(' ', '6')}`, /x\.csv:2: empty pdbid/, { line: 2, column: 'pdbid' }],
    [
      'an empty cell',
      `${header}\n${row('1abc', '6', '')}`,
      /x\.csv:2: f0 "" is not a finite number/,
      { line: 2, column: 'f0' },
    ],
    ['no rows', `${header}\n`, /x\.csv:1: no data rows/, { line: 1 }],
  ];
  for (const [what, text, message, details] of cases)
    it(`rejects ${what} with RFSCORE_BAD_CSV`, () => {
      expect(() => parseRfScoreCsv(text, 'x.csv')).toThrow(
        expect.objectContaining({
          code: 'RFSCORE_BAD_CSV',
          message: expect.stringMatching(message),
          details: expect.objectContaining({ source: 'x.csv', ...details }),
        }),
      );
    });

  it('names the path when the file cannot be read', async () => {
    await expect(readRfScoreCsv('/nonexistent/train.csv')).rejects.toMatchObject({
      code: 'RFSCORE_BAD_CSV',
      message: '/nonexistent/train.csv: cannot read the file (ENOENT)',
    });
  });

  it.skipIf(!have)("reads GIGN's three splits whole", async () => {
    const dir = join(sharedDataDir(), 'gign-reference', 'rfscore-v1');
    const sizes = await Promise.all(
      ['train', 'valid', 'test2019'].map(
        async (s) => (await readRfScoreCsv(join(dir, `${s}.csv`))).ids.length,
      ),
    );
    expect(sizes).toEqual([11904, 1000, 4366]);
  });
});
