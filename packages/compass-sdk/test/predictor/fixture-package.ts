/** Test helper: small model packages built from initialised parameters (no dependence on the bundled model). */
import { join } from 'node:path';
import { createCompassModelDef, resolveHyperParams } from '../../src/model/index.js';
import { saveModelPackage } from '../../src/model-package/index.js';
import { initParams } from '../../src/params/init.js';
import type { HostTensor } from '../../src/runtime/host-tensor.js';

/** Hyper-parameters of the test packages: smoke size, narrower. */
export const TEST_HP = resolveHyperParams('smoke_test', { hidden: 16, heads: 2, rbf: 8 });

/** Save a package with parameters from `seed` under `root/name`; `poison` puts NaN in the readout bias. */
export async function buildTestPackage(
  root: string,
  name: string,
  seed: number,
  poison = false,
): Promise<string> {
  const params = initParams(createCompassModelDef(TEST_HP), { seed });
  if (poison)
    params.readout_bias = { ...(params.readout_bias as HostTensor), data: Float32Array.from([NaN]) };
  const dir = join(root, name);
  await saveModelPackage(dir, {
    hyperParams: TEST_HP,
    params,
    name,
    target: { mean: 6, std: 2 },
    training: { datasets: [], epochs: 0 },
    metrics: {},
  });
  return dir;
}
