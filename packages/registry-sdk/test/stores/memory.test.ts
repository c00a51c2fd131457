/** The conformance suite on the in-memory store. */
import { MemoryStore } from '../../src/stores/memory-store.js';
import { describeStoreConformance } from './conformance.js';

describeStoreConformance(
  'memory',
  async () => ({ open: () => new MemoryStore(), cleanup: async () => undefined }),
  { persistent: false, shared: false },
);
