/**
 * `@compass/reference-server`'s surface, pinned: its runtime exports equal `index.txt` (one name a line, sorted), so
 * an internal module exported by accident fails here; an intended change updates the list.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('@compass/reference-server export surface', () => {
  it('exports exactly its pinned runtime names', async () => {
    const mod = (await import('@compass/reference-server')) as Record<string, unknown>;
    const pinned = readFileSync(join(here, 'index.txt'), 'utf8').split('\n').filter(Boolean);
    expect(Object.keys(mod).sort()).toEqual(pinned);
    expect(typeof mod.startServer).toBe('function');
  });
});
