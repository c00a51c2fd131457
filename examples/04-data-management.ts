/**
 * Example 4: data management, as FLASH-DOCK's data page did: upload datasets (from a file, bytes and a stream),
 * list, inspect and delete them. `npm run example -- data-management [--url ...]`
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { RemoteDataset } from '@compass/sdk/client';
import { parseExampleFlags } from './lib/args.js';
import { connect } from './lib/connect.js';
import { tinyDatasetArchive } from './lib/dataset-archive.js';

/** What the example returns (tests check it). */
export interface DataManagementResult {
  readonly uploaded: readonly RemoteDataset[];
  /** Dataset ids listed after the uploads, then after the delete. */
  readonly listedBefore: readonly string[];
  readonly listedAfter: readonly string[];
  readonly deletedId: string;
  /** The error code the server gave for a file that is not an archive. */
  readonly rejectedCode: string | undefined;
}

/** Runs the example; `log` receives each printed line. */
export async function main(args: readonly string[], log = console.log): Promise<DataManagementResult> {
  const flags = parseExampleFlags(args);
  const conn = await connect(flags);
  try {
    const client = conn.compass.client();
    const archive = await tinyDatasetArchive(1);
    const path = join(tmpdir(), `compass-example-${process.pid}.tar.gz`);
    await writeFile(path, archive);
    const uploads = [
      await client.datasets.upload(path, { name: 'from-a-path' }),
      await client.datasets.upload(archive, { name: 'from-bytes', fileName: 'bytes.tar.gz' }),
      await client.datasets.upload(Readable.from([archive]), {
        name: 'from-a-stream',
        fileName: 'stream.tgz',
      }),
    ];
    const uploaded: RemoteDataset[] = [];
    for (const u of uploads) {
      const d = await client.datasets.waitUntilProcessed(u.id);
      uploaded.push(d);
      log(
        `uploaded ${d.name}: ${d.id} ${d.status} ${d.file?.size ?? 0} bytes sha256 ${d.file?.sha256.slice(0, 12)}`,
      );
    }
    // A file that is not an archive is refused (now or while it is processed).
    let rejectedCode: string | undefined;
    try {
      const bad = await client.datasets.upload(Buffer.from('not an archive'), {
        name: 'bad',
        fileName: 'bad.zip',
      });
      const d = await client.datasets.waitUntilProcessed(bad.id);
      rejectedCode = d.status === 'error' ? 'DATASET_STATUS_ERROR' : undefined;
      log(`bad upload ended ${d.status}: ${d.reason}`);
      await client.datasets.delete(bad.id);
    } catch (e) {
      rejectedCode = (e as { code?: string }).code;
      log(`bad upload refused: ${rejectedCode}`);
    }
    const listedBefore: string[] = [];
    for await (const d of client.datasets.iterate({ limit: 2 })) listedBefore.push(d.id);
    log(`listed ${listedBefore.length} datasets (2 per page)`);
    const inspected = await client.datasets.get(uploaded[0]!.id);
    log(
      `inspect ${inspected.name}: counts ${JSON.stringify(inspected.counts)}, created ${inspected.createdAt}`,
    );
    await client.datasets.delete(inspected.id);
    const listedAfter: string[] = [];
    for await (const d of client.datasets.iterate()) listedAfter.push(d.id);
    log(`deleted ${inspected.id}; ${listedAfter.length} datasets left`);
    return { uploaded, listedBefore, listedAfter, deletedId: inspected.id, rejectedCode };
  } finally {
    await conn.close();
  }
}
