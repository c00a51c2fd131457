/** The conformance suite on the etcd store, against a real etcd started for this file; each test uses its own prefix. */
import { afterAll, beforeAll } from 'vitest';
import { EtcdStore } from '../../src/stores/etcd-store.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { describeStoreConformance } from './conformance.js';

let etcd: EtcdServer;
let counter = 0;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

describeStoreConformance(
  'etcd',
  async () => {
    const prefix = `/conformance-${process.pid}-${++counter}`;
    return { open: () => new EtcdStore({ hosts: etcd.url, prefix }), cleanup: async () => undefined };
  },
  { persistent: true, shared: true },
);
