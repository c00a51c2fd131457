/** One labelled (or unlabelled) complex of a dataset: where its protein and ligand live, and its label. */
import type { Diagnostic } from '../structure/diagnostics.js';
import type { AffinityLabel } from './labels.js';

/** A complex a dataset lists: file paths, which ligand record, and the label. */
export interface DatasetItem {
  /** Unique within the dataset ("1a61", "tyk2/ejm_31"). */
  readonly id: string;
  /** The target (protein) it belongs to, for leave-target-out splits. */
  readonly target: string;
  readonly proteinPath: string;
  readonly ligandPath: string;
  /** Record index in a multi-record ligand file (default 0). */
  readonly ligandRecord: number;
  readonly label?: AffinityLabel;
  /** Release year when known (PDBbind), for time splits. */
  readonly year?: number;
  /**
   * The folder the item's files must be read from (set for manifest datasets): readers pass it as `within` to
   * `readRegularFile`, so a link swapped in after loading cannot redirect a read outside the dataset.
   */
  readonly root?: string;
}

/** The items of a dataset and a diagnostic for every entry skipped and why. */
export interface Dataset {
  readonly name: string;
  readonly items: readonly DatasetItem[];
  readonly diagnostics: readonly Diagnostic[];
}
