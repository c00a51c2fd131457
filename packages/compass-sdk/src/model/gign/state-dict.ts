/** From a GIGN PyTorch state dict (as read by the checkpoint reader) to the parameters of the GIGN ModelDef. */
import { type HostTensor, type TensorMap, hostTensor } from '../../runtime/host-tensor.js';
import { ModelError } from '../errors.js';
import { GIGN_BN_EPS, type GignHyperParams } from './hyper-params.js';
import { gignMemberParamSpecs, gignMemberPrefix } from './model-def.js';

/** A state dict: tensor name -> tensor, as `torch.save(model.state_dict())` stored it. */
export type StateDictTensors = ReadonlyMap<string, HostTensor>;

function fail(source: string, message: string, details: Record<string, unknown> = {}): ModelError {
  return new ModelError('MODEL_BAD_CHECKPOINT', `${source}: ${message}`, { details: { source, ...details } });
}

function floats(t: HostTensor): Float64Array {
  if (t.dtype !== 'float32' && t.dtype !== 'float64')
    throw new TypeError(`expected a float tensor, got ${t.dtype}`);
  return Float64Array.from(t.data as Float32Array | Float64Array);
}

/**
 * The parameters of one GIGN member from its state dict. Linear weights are transposed to [in, out]; each
 * BatchNorm (weight, bias, running_mean, running_var) becomes its inference form, scale = weight /
 * sqrt(running_var + 1e-5) and shift = bias - running_mean * scale (computed in float64, stored float32).
 * Every tensor of the state dict must be used and have the shape the hyper-parameters imply.
 *
 * @example
 * const params = gignParamsFromStateDict(await readTorchStateDictFile('repeat0.pt'), GIGN_PUBLISHED);
 * @throws {ModelError} MODEL_BAD_CHECKPOINT naming the missing, unexpected or wrongly shaped tensor.
 */
export function gignParamsFromStateDict(
  sd: StateDictTensors,
  hp: GignHyperParams,
  opts: { source?: string; member?: number } = {},
): TensorMap {
  const source = opts.source ?? 'checkpoint';
  const prefix = gignMemberPrefix(hp, opts.member ?? 0);
  const used = new Set<string>();
  const take = (name: string, shape: readonly number[]): HostTensor => {
    const t = sd.get(name);
    if (!t) throw fail(source, `missing tensor ${name}`, { tensor: name });
    if (t.dtype !== 'float32' && t.dtype !== 'float64')
      throw fail(source, `${name} is ${t.dtype}, expected float`, { tensor: name });
    if (t.dims.length !== shape.length || t.dims.some((d, i) => d !== shape[i]))
      throw fail(source, `${name} has shape [${t.dims.join(', ')}], the model needs [${shape.join(', ')}]`, {
        tensor: name,
        shape: t.dims,
        expected: shape,
      });
    used.add(name);
    return t;
  };
  const out: TensorMap = {};
  for (const [key, spec] of Object.entries(gignMemberParamSpecs(hp))) {
    const dot = key.lastIndexOf('.');
    const module = key.slice(0, dot);
    const field = key.slice(dot + 1);
    const [a, b] = spec.shape as [number, number?];
    let data: Float64Array;
    if (field === 'weight') {
      // torch Linear weight [out, in] -> [in, out]
      const w = floats(take(`${module}.weight`, [b!, a]));
      data = new Float64Array(a * b!);
      for (let i = 0; i < a; i++) for (let j = 0; j < b!; j++) data[i * b! + j] = w[j * a + i]!;
    } else if (field === 'bias') {
      data = floats(take(`${module}.bias`, [a]));
    } else {
      const weight = floats(take(`${module}.weight`, [a]));
      const bias = floats(take(`${module}.bias`, [a]));
      const mean = floats(take(`${module}.running_mean`, [a]));
      const variance = floats(take(`${module}.running_var`, [a]));
      const tracked = sd.get(`${module}.num_batches_tracked`);
      if (tracked) used.add(`${module}.num_batches_tracked`);
      const scale = weight.map((g, i) => g / Math.sqrt(variance[i]! + GIGN_BN_EPS));
      data = field === 'scale' ? scale : bias.map((v, i) => v - mean[i]! * scale[i]!);
    }
    out[prefix + key] = hostTensor('float32', spec.shape, Float32Array.from(data));
  }
  const extra = [...sd.keys()].filter((k) => !used.has(k));
  if (extra.length > 0)
    throw fail(
      source,
      `unexpected tensor${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).join(', ')} (not a GIGN(${hp.nodeDim}, ${hp.hidden}) state dict)`,
      {
        unexpected: extra,
      },
    );
  return out;
}
