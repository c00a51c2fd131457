import { describe, expect, it } from 'vitest';
import { VERSION as registryVersion } from '@compass/registry-sdk';
import { VERSION } from '../src/index.js';

describe('workspace wiring', () => {
  it('resolves sibling packages from source', () => {
    expect(registryVersion).toBe(VERSION);
  });
});
