/** Batching: many featurised complexes into one set of typed arrays with node offsets and a batch vector. */
import { FEATURISER_DESCRIPTION, type FeaturisedComplex } from './featurise.js';
import { radiusGraph, type RadiusGraph, type RadiusGraphOptions } from './radius-graph.js';
import { StructureError } from './errors.js';

/** Complexes concatenated node-wise; edges of graph g index into its node range. */
export interface ComplexBatch {
  readonly featuriserVersion: string;
  readonly numGraphs: number;
  readonly numNodes: number;
  /** Graph g owns nodes nodeOffsets[g] .. nodeOffsets[g + 1] - 1. Length numGraphs + 1. */
  readonly nodeOffsets: Uint32Array;
  /** Graph id per node. */
  readonly batch: Uint32Array;
  readonly positions: Float32Array;
  readonly atomicNumber: Uint8Array;
  readonly elementIndex: Uint8Array;
  readonly isLigand: Uint8Array;
  readonly nodeFeatures: Float32Array;
  /** One radius graph over all nodes, destination-sorted, never joining two complexes. */
  readonly graph: RadiusGraph;
}

/**
 * Concatenate complexes and build their radius graphs (each on its own, then offset, so cost stays linear).
 *
 * @throws {StructureError} STRUCTURE_BAD_INPUT for an empty list or complexes from different featuriser versions.
 */
export function batchComplexes(
  items: readonly FeaturisedComplex[],
  graphOptions: Omit<RadiusGraphOptions, 'batch'> = {},
): ComplexBatch {
  if (items.length === 0) throw new StructureError('STRUCTURE_BAD_INPUT', 'cannot batch zero complexes');
  const version = items[0]!.featuriserVersion;
  if (items.some((c) => c.featuriserVersion !== version))
    throw new StructureError(
      'STRUCTURE_BAD_INPUT',
      'complexes from different featuriser versions cannot share a batch',
    );
  const nodeOffsets = new Uint32Array(items.length + 1);
  items.forEach((c, g) => (nodeOffsets[g + 1] = nodeOffsets[g]! + c.numAtoms));
  const n = nodeOffsets[items.length]!;
  const w = FEATURISER_DESCRIPTION.nodeFeatureWidth;
  const positions = new Float32Array(n * 3),
    atomicNumber = new Uint8Array(n),
    elementIndex = new Uint8Array(n);
  const isLigand = new Uint8Array(n),
    nodeFeatures = new Float32Array(n * w),
    batch = new Uint32Array(n);
  const graphs = items.map((c) => radiusGraph(c.positions, graphOptions));
  const m = graphs.reduce((s, g) => s + g.numEdges, 0);
  const src = new Uint32Array(m),
    dst = new Uint32Array(m),
    distance = new Float32Array(m),
    rowStart = new Uint32Array(n + 1);
  let e = 0;
  items.forEach((c, g) => {
    const o = nodeOffsets[g]!;
    positions.set(c.positions, o * 3);
    atomicNumber.set(c.atomicNumber, o);
    elementIndex.set(c.elementIndex, o);
    isLigand.set(c.isLigand, o);
    nodeFeatures.set(c.nodeFeatures, o * w);
    batch.fill(g, o, o + c.numAtoms);
    const gr = graphs[g]!;
    for (let k = 0; k < gr.numEdges; k++) {
      src[e + k] = gr.src[k]! + o;
      dst[e + k] = gr.dst[k]! + o;
    }
    distance.set(gr.distance, e);
    for (let i = 0; i < c.numAtoms; i++) rowStart[o + i + 1] = gr.rowStart[i + 1]! + e;
    e += gr.numEdges;
  });
  const graph: RadiusGraph = { numNodes: n, numEdges: m, src, dst, distance, rowStart };
  return {
    featuriserVersion: version,
    numGraphs: items.length,
    numNodes: n,
    nodeOffsets,
    batch,
    positions,
    atomicNumber,
    elementIndex,
    isLigand,
    nodeFeatures,
    graph,
  };
}
