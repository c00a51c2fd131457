/** Derived ids, the registration schema, store specs and the core's error classes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError } from '../../src/core/errors.js';
import { StoreError } from '../../src/stores/errors.js';
import { deriveInstanceId } from '../../src/core/instance-id.js';
import { Registry } from '../../src/core/registry.js';
import { registrationInputSchema } from '../../src/core/schema.js';
import { isRegistryError, isRetryable } from '../../src/errors.js';
import { createStore } from '../../src/stores/create-store.js';
import { EtcdStore } from '../../src/stores/etcd-store.js';
import { MemoryStore } from '../../src/stores/memory-store.js';
import { SqliteStore } from '../../src/stores/sqlite-store.js';

describe('deriveInstanceId', () => {
  it('is stable for the same service, address and port and differs otherwise', () => {
    const a = deriveInstanceId({ service: 'compass', address: '10.0.0.1', port: 80 });
    expect(a).toMatch(/^compass-[0-9a-f]{16}$/);
    expect(deriveInstanceId({ service: 'compass', address: '10.0.0.1', port: 80 })).toBe(a);
    const others = [
      deriveInstanceId({ service: 'compass', address: '10.0.0.1', port: 81 }),
      deriveInstanceId({ service: 'compass', address: '10.0.0.2', port: 80 }),
      deriveInstanceId({ service: 'other', address: '10.0.0.1', port: 80 }),
      deriveInstanceId({ service: 'compass', address: '10.0.0.1', url: 'http://10.0.0.1:80' }),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
  });
});

describe('registrationInputSchema', () => {
  it('accepts a full registration with an HTTP check and refuses non-http check URLs', () => {
    const ok = registrationInputSchema.safeParse({
      service: 'compass.api_v2',
      address: 'host-1',
      url: 'https://host-1/api',
      tags: ['gpu'],
      metadata: { zone: 'a' },
      weight: 0.5,
      version: '1.2.3',
      check: {
        type: 'http',
        url: 'http://host-1/health',
        intervalMs: 1000,
        timeoutMs: 500,
        successBeforePassing: 2,
      },
    });
    expect(ok.success).toBe(true);
    const bad = registrationInputSchema.safeParse({
      service: 'compass',
      address: 'h',
      check: { type: 'http', url: 'file:///etc/passwd', intervalMs: 1000, timeoutMs: 500 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['check', 'url']);
  });

  it('caps metadata at 16 KB in all', () => {
    const metadata = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(500)]));
    const result = registrationInputSchema.safeParse({ service: 's', address: 'a', metadata });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['metadata']);
  });
});

describe('createStore', () => {
  it('parses memory, sqlite:PATH and etcd:URL[,URL]', async () => {
    expect(createStore('memory')).toBeInstanceOf(MemoryStore);
    const sqlite = createStore('sqlite:/tmp/x/registry.db');
    expect(sqlite).toBeInstanceOf(SqliteStore);
    expect((sqlite as SqliteStore).path).toBe('/tmp/x/registry.db');
    const etcd = createStore('etcd:http://127.0.0.1:2379,http://127.0.0.1:22379');
    expect(etcd).toBeInstanceOf(EtcdStore);
    await etcd.close();
  });

  it.each(['', 'mem', 'sqlite:', 'etcd:', 'etcd:,', 'redis://x'])(
    'refuses %j with INVALID_STORE_SPEC',
    (spec) => {
      let caught: unknown;
      try {
        createStore(spec);
      } catch (err) {
        caught = err;
      }
      expect(isRegistryError(caught) && caught.code).toBe('INVALID_STORE_SPEC');
    },
  );
});

describe('errors and unavailable stores', () => {
  it('StoreError is retryable, InstanceNotFoundError is not', () => {
    expect(isRetryable(new StoreError('down'))).toBe(true);
    expect(isRetryable(new InstanceNotFoundError('x'))).toBe(false);
    expect(new InstanceNotFoundError('x')).toMatchObject({
      code: 'INSTANCE_NOT_FOUND',
      details: { id: 'x' },
    });
  });

  it('a SQLite file that cannot be opened makes open() reject with STORE_UNAVAILABLE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-bad-'));
    try {
      const notADatabase = join(dir, 'file');
      writeFileSync(notADatabase, 'x'.repeat(4096));
      const err = await Registry.open({ store: new SqliteStore({ path: notADatabase }) }).catch(
        (e: unknown) => e,
      );
      expect(isRegistryError(err) && err.code).toBe('STORE_UNAVAILABLE');
      expect(isRetryable(err)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
