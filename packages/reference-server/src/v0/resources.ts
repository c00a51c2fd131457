/** The `resources` message of the v0 task stream: CPU, memory, GPU and storage of this machine. */
import { statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';

/** The v0 resources record. */
export interface V0Resources {
  readonly cpu_percent: number;
  readonly memory: { total_gb: number; used_gb: number; percent: number };
  readonly gpu: {
    available: boolean;
    device_name: string | null;
    memory: {
      allocated_mb: number;
      reserved_mb: number;
      total_mb: number;
      allocated_percent: number;
      reserved_percent: number;
    };
  };
  readonly storage: { total_gb: number; used_gb: number; free_gb: number; percent: number };
}

const GB = 1024 ** 3;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
  }
  return { idle, total };
}

/**
 * Samples resources; CPU use is measured between consecutive calls. GPU memory is not measured (the runtime does
 * not report it), so its figures are 0; `available` says whether models run on CUDA.
 */
export function resourceSampler(dataDir: string, provider: () => string): () => Promise<V0Resources> {
  let last = cpuTimes();
  return async () => {
    const now = cpuTimes();
    const dTotal = now.total - last.total;
    const cpu = dTotal > 0 ? 100 * (1 - (now.idle - last.idle) / dTotal) : 0;
    last = now;
    const total = totalmem();
    const used = total - freemem();
    let storage = { total_gb: 0, used_gb: 0, free_gb: 0, percent: 0 };
    try {
      const fs = await statfs(dataDir);
      const size = fs.blocks * fs.bsize;
      const free = fs.bavail * fs.bsize;
      storage = {
        total_gb: round(size / GB),
        used_gb: round((size - free) / GB),
        free_gb: round(free / GB),
        percent: size > 0 ? round((100 * (size - free)) / size, 1) : 0,
      };
    } catch {
      // The data dir vanished: report zeros rather than fail the stream.
    }
    const cuda = provider() === 'cuda';
    return {
      cpu_percent: round(cpu, 1),
      memory: {
        total_gb: round(total / GB),
        used_gb: round(used / GB),
        percent: round((100 * used) / total, 1),
      },
      gpu: {
        available: cuda,
        device_name: cuda ? 'CUDA (onnxruntime)' : null,
        memory: { allocated_mb: 0, reserved_mb: 0, total_mb: 0, allocated_percent: 0, reserved_percent: 0 },
      },
      storage,
    };
  };
}
