/** The conformance suite on the SQLite store: each test gets its own database file, reopened for restarts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/stores/sqlite-store.js';
import { describeStoreConformance } from './conformance.js';

describeStoreConformance(
  'sqlite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-sqlite-'));
    const path = join(dir, 'nested', 'registry.db');
    return {
      open: () => new SqliteStore({ path }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { persistent: true, shared: false },
);
