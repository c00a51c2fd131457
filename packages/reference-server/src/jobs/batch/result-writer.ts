/** Streams a batch's rows into one CSV or JSON file, chunk by chunk in input order, renamed into place when whole. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ScoreRow } from './score-chunk.js';

/** Output formats of a batch. */
export type BatchResultFormat = 'csv' | 'json';

const csvField = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Writes rows to `<path>.partial` and renames it to `path` on {@link ResultWriter.finish}, so a reader never takes
 * a half-written result for a whole one.
 */
export class ResultWriter {
  private readonly out: WriteStream;
  private first = true;
  /** Rows written so far. */
  rows = 0;

  constructor(
    readonly path: string,
    private readonly format: BatchResultFormat,
  ) {
    this.out = createWriteStream(`${path}.partial`);
    this.out.write(format === 'csv' ? 'index,name,pK,kcalPerMol,error\n' : '[\n');
  }

  /** Appends rows; resolves once the stream has room again. */
  async write(rows: readonly ScoreRow[]): Promise<void> {
    let text = '';
    for (const r of rows) {
      if (this.format === 'csv') {
        text += `${[r.index, r.name, r.pK, r.kcalPerMol, r.error].map(csvField).join(',')}\n`;
      } else {
        text += `${this.first ? '' : ',\n'}${JSON.stringify(r)}`;
        this.first = false;
      }
    }
    this.rows += rows.length;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  /** Closes the file and moves it into place. */
  async finish(): Promise<void> {
    this.out.end(this.format === 'json' ? '\n]\n' : '');
    await once(this.out, 'close');
    await rename(`${this.path}.partial`, this.path);
  }

  /** Closes and deletes the partial file. */
  async abandon(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
    await rm(`${this.path}.partial`, { force: true });
  }
}
