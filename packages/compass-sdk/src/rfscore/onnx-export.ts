/**
 * A tree ensemble as ONNX: one `ai.onnx.ml` TreeEnsembleRegressor. A forest writes one target per tree (output
 * `trees`, [B, T]) and takes their mean (`pK`) and population standard deviation (`uncertainty`) in the graph;
 * boosting writes one target with its base value (`pK`).
 */
import { ProtoWriter } from '../onnx/protobuf.js';
import type { TreeEnsemble } from './tree-ensemble.js';

/** ONNX IR version written. */
const IR_VERSION = 8;
/** Default-domain opset (ReduceMean takes its axes as an input from 18 on). */
const OPSET = 18;
/** `ai.onnx.ml` opset of TreeEnsembleRegressor (version 3 of the op). */
const ML_OPSET = 3;
const FLOAT = 1;
const INT64 = 7;

/** Names of the program's input and outputs. */
export const RFSCORE_ONNX_NAMES = {
  input: 'features',
  pK: 'pK',
  uncertainty: 'uncertainty',
  trees: 'trees',
} as const;

// AttributeProto.AttributeType
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function packedVarints(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 5);
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`varint ${v} out of range`);
    while (v > 0x7f) {
      out[o++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    out[o++] = v;
  }
  return out.subarray(0, o);
}

function packedFloats(values: ArrayLike<number>): Uint8Array {
  const f = Float32Array.from(values);
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

type AttrValue =
  | { readonly ints: ArrayLike<number> }
  | { readonly floats: ArrayLike<number> }
  | { readonly strings: readonly string[] }
  | { readonly int: number }
  | { readonly string: string };

function writeAttr(w: ProtoWriter, name: string, a: AttrValue): void {
  w.string(1, name);
  // Repeated numbers are written packed, which every protobuf parser must accept (and which keeps forests small).
  if ('ints' in a) w.bytes(8, packedVarints(a.ints)).varint(20, ATTR.INTS);
  else if ('floats' in a) w.bytes(7, packedFloats(a.floats)).varint(20, ATTR.FLOATS);
  else if ('strings' in a) {
    for (const s of a.strings) w.string(9, s);
    w.varint(20, ATTR.STRINGS);
  } else if ('int' in a) w.varint(3, a.int).varint(20, ATTR.INT);
  else w.bytes(4, new TextEncoder().encode(a.string)).varint(20, ATTR.STRING);
}

function writeNode(
  w: ProtoWriter,
  op: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Readonly<Record<string, AttrValue>> = {},
  domain = '',
): void {
  for (const i of inputs) w.string(1, i);
  for (const o of outputs) w.string(2, o);
  w.string(3, `${op}_${outputs[0]}`);
  w.string(4, op);
  for (const [k, a] of Object.entries(attrs)) w.message(5, (aw) => writeAttr(aw, k, a));
  if (domain) w.string(7, domain);
}

function writeValueInfo(w: ProtoWriter, name: string, dims: readonly (number | string)[]): void {
  w.string(1, name);
  w.message(2, (tw) =>
    tw.message(1, (tt) => {
      tt.varint(1, FLOAT);
      tt.message(2, (sw) => {
        for (const d of dims)
          sw.message(1, (dw) => (typeof d === 'number' ? dw.varint(1, d) : dw.string(2, d)));
      });
    }),
  );
}

/** The TreeEnsembleRegressor attributes of `model`: nodes of every tree in pre-order, one target entry per leaf. */
function ensembleAttributes(model: TreeEnsemble): Record<string, AttrValue> {
  const forest = model.kind === 'random-forest';
  let nodes = 0,
    leaves = 0;
  for (const t of model.trees) {
    nodes += t.feature.length;
    for (let k = 0; k < t.feature.length; k++) if (t.feature[k]! < 0) leaves++;
  }
  const treeIds = new Uint32Array(nodes),
    nodeIds = new Uint32Array(nodes),
    featureIds = new Uint32Array(nodes),
    values = new Float32Array(nodes),
    trueIds = new Uint32Array(nodes),
    falseIds = new Uint32Array(nodes);
  const modes: string[] = new Array<string>(nodes);
  const tTree = new Uint32Array(leaves),
    tNode = new Uint32Array(leaves),
    tId = new Uint32Array(leaves),
    tWeight = new Float32Array(leaves);
  let n = 0,
    l = 0;
  model.trees.forEach((t, ti) => {
    for (let k = 0; k < t.feature.length; k++, n++) {
      treeIds[n] = ti;
      nodeIds[n] = k;
      const leaf = t.feature[k]! < 0;
      modes[n] = leaf ? 'LEAF' : 'BRANCH_LEQ';
      if (leaf) {
        tTree[l] = ti;
        tNode[l] = k;
        tId[l] = forest ? ti : 0;
        tWeight[l] = t.value[k]!;
        l++;
        continue;
      }
      featureIds[n] = t.feature[k]!;
      values[n] = t.threshold[k]!;
      trueIds[n] = t.left[k]!;
      falseIds[n] = t.right[k]!;
    }
  });
  return {
    aggregate_function: { string: 'SUM' },
    ...(forest ? {} : { base_values: { floats: [model.base] } }),
    n_targets: { int: forest ? model.trees.length : 1 },
    nodes_falsenodeids: { ints: falseIds },
    nodes_featureids: { ints: featureIds },
    nodes_modes: { strings: modes },
    nodes_nodeids: { ints: nodeIds },
    nodes_treeids: { ints: treeIds },
    nodes_truenodeids: { ints: trueIds },
    nodes_values: { floats: values },
    post_transform: { string: 'NONE' },
    target_ids: { ints: tId },
    target_nodeids: { ints: tNode },
    target_treeids: { ints: tTree },
    target_weights: { floats: tWeight },
  };
}

/**
 * Encode `model` as an ONNX program: input `features` float [B, featureCount]; outputs `pK` [B, 1] and, for a
 * forest, `uncertainty` [B, 1] (the trees' population standard deviation) and `trees` [B, T] (each tree's value).
 * The bytes depend on the model alone (no timestamps), so equal models give equal files.
 *
 * @example
 * const onnx = encodeTreeEnsembleOnnx(model);
 * const session = await createLocalSession(onnx);
 */
export function encodeTreeEnsembleOnnx(model: TreeEnsemble, name = 'rf-score'): Uint8Array {
  const N = RFSCORE_ONNX_NAMES;
  const forest = model.kind === 'random-forest';
  const t = model.trees.length;
  const w = new ProtoWriter();
  w.varint(1, IR_VERSION).string(2, '@compass/sdk').string(3, '0.1.0');
  w.message(7, (g) => {
    const ensembleOut = forest ? N.trees : N.pK;
    g.message(1, (nw) =>
      writeNode(
        nw,
        'TreeEnsembleRegressor',
        [N.input],
        [ensembleOut],
        ensembleAttributes(model),
        'ai.onnx.ml',
      ),
    );
    if (forest) {
      g.message(1, (nw) => writeNode(nw, 'ReduceMean', [N.trees, 'axes'], [N.pK], { keepdims: { int: 1 } }));
      g.message(1, (nw) => writeNode(nw, 'Sub', [N.trees, N.pK], ['deviation']));
      g.message(1, (nw) => writeNode(nw, 'Mul', ['deviation', 'deviation'], ['squared']));
      g.message(1, (nw) =>
        writeNode(nw, 'ReduceMean', ['squared', 'axes'], ['variance'], { keepdims: { int: 1 } }),
      );
      g.message(1, (nw) => writeNode(nw, 'Sqrt', ['variance'], [N.uncertainty]));
    }
    g.string(2, name);
    if (forest)
      g.message(5, (tw) => {
        tw.varint(1, 1).varint(2, INT64).string(8, 'axes');
        tw.bytes(9, new Uint8Array(new BigInt64Array([1n]).buffer));
      });
    g.message(11, (vw) => writeValueInfo(vw, N.input, ['batch', model.featureCount]));
    g.message(12, (vw) => writeValueInfo(vw, N.pK, ['batch', 1]));
    if (forest) {
      g.message(12, (vw) => writeValueInfo(vw, N.uncertainty, ['batch', 1]));
      g.message(12, (vw) => writeValueInfo(vw, N.trees, ['batch', t]));
    }
  });
  w.message(8, (o) => o.string(1, '').varint(2, OPSET));
  w.message(8, (o) => o.string(1, 'ai.onnx.ml').varint(2, ML_OPSET));
  return w.finish();
}
