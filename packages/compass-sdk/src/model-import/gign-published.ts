/**
 * What is known of the published GIGN checkpoints (guaguabujianle/GIGN, MIT): their SHA-256, their validation
 * figures (from the checkpoint file names) and the CASF-2016 figures the authors report, so an import of those files
 * gets a card that says what the model is.
 */
import type { ModelCard } from '../model-package/card.js';

/** One published run. */
export interface PublishedGignRun {
  readonly name: string;
  readonly sha256: string;
  /** Path of the file in the GIGN repository. */
  readonly upstreamPath: string;
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The three runs released with the paper (`GIGN/model/20221121_*_GIGN_repeat{0,1,2}`). */
export const PUBLISHED_GIGN_RUNS: readonly PublishedGignRun[] = [
  {
    name: 'gign-repeat0',
    sha256: '5aed03d9a34cfc624b590d89017e7b19ceca02917291bf61c7fe31ba1421c04a',
    upstreamPath:
      'GIGN/model/20221121_074758_GIGN_repeat0/model/epoch-532, train_loss-0.1162, train_rmse-0.3408, valid_rmse-1.1564, valid_pr-0.7813.pt',
    metrics: { validation: { rmse: 1.1564, pearson: 0.7813 }, casf2016: { pearson: 0.844 } },
  },
  {
    name: 'gign-repeat1',
    sha256: 'c456537a2bca90ffff0477d695cd023b4606613bf65789f3bd5fa8971cef269e',
    upstreamPath:
      'GIGN/model/20221121_085711_GIGN_repeat1/model/epoch-418, train_loss-0.1271, train_rmse-0.3566, valid_rmse-1.1479, valid_pr-0.7858.pt',
    metrics: { validation: { rmse: 1.1479, pearson: 0.7858 }, casf2016: { pearson: 0.843 } },
  },
  {
    name: 'gign-repeat2',
    sha256: '71061bfc103a615694f5a381135d8505f038840bb810eeefc773caa9fac91a23',
    upstreamPath:
      'GIGN/model/20221121_095752_GIGN_repeat2/model/epoch-190, train_loss-0.2342, train_rmse-0.4840, valid_rmse-1.1620, valid_pr-0.7813.pt',
    metrics: { validation: { rmse: 1.162, pearson: 0.7813 }, casf2016: { pearson: 0.832 } },
  },
];

/** The published run with this checkpoint SHA-256, if any. */
export function publishedGignRun(sha256: string): PublishedGignRun | undefined {
  return PUBLISHED_GIGN_RUNS.find((r) => r.sha256 === sha256);
}

/** Card text of a package made of published runs: what it is, what trained it, how it scored, under which terms. */
export const PUBLISHED_GIGN_CARD: {
  readonly description: string;
  readonly license: string;
  readonly training: ModelCard['training'];
  readonly metrics: ModelCard['metrics'];
} = {
  description:
    'GIGN (Yang et al., J. Phys. Chem. Lett. 2023), the authors\' published weights ported exactly: GIGN(35, 256), ' +
    'three heterogeneous interaction layers on a 5 A pocket of whole residues, sum readout, three-block head. ' +
    'Trained by the GIGN authors on PDBbind v2016 general + refined sets minus the CASF-2016 core set (their ' +
    'split: 11,904 train / 1,000 validation). Published CASF-2016 (285 complexes): Pearson R 0.840, RMSE 1.190 ' +
    '(mean of three runs). The figures of a time-split hold-out (PDBbind 2019) are lower (R about 0.64).',
  license:
    'Weights: MIT (Copyright (c) 2023 Weihe Zhong, guaguabujianle/GIGN). Training data: PDBbind, under its own terms.',
  training: {
    datasets: [
      {
        name: 'PDBbind v2016 general+refined minus CASF-2016 core (GIGN split: train)',
        count: 11904,
        contentHash: 'gign-split-train',
      },
    ],
    epochs: 0,
    trainedBy: 'GIGN authors (guaguabujianle/GIGN, commit ef514d326202d71b0674ae20e95456454bf10c6e)',
    validationSet: 'GIGN split: 1,000 PDBbind complexes',
  },
  metrics: {
    validation: { rmse: 1.1554, pearson: 0.7828 },
    casf2016: { pearson: 0.84, rmse: 1.19, n: 285 },
    source: 'validation: mean of the three runs (checkpoint names); CASF-2016: GIGN paper, mean of three runs',
  },
};
