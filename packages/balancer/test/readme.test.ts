/** The README's error table lists exactly the exported error codes (no more, no fewer). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BALANCER_ERROR_CODES } from '../src/errors/balancer-error.js';

describe('README', () => {
  it('documents every error code, and only those', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Tests and benchmark'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...BALANCER_ERROR_CODES].sort());
  });
});
