/** Dataset splits: seeded random, leave-target-out, by year, and exclusion lists (e.g. the CASF-2016 core set). */
// The project's one seeded shuffle (Fisher-Yates on mulberry32): a split is the same on every machine.
import { seededShuffle as shuffle } from '@compass/balancer';
import type { DatasetItem } from './item.js';

/** Train / validation / test item lists. */
export interface Split {
  readonly train: DatasetItem[];
  readonly validation: DatasetItem[];
  readonly test: DatasetItem[];
}

/** Fractions of a random or target split (test defaults to 0). */
export interface SplitFractions {
  readonly validation: number;
  readonly test?: number;
}

function cut<T>(xs: T[], f: SplitFractions): [T[], T[], T[]] {
  const nTest = Math.round(xs.length * (f.test ?? 0));
  const nVal = Math.round(xs.length * f.validation);
  return [xs.slice(nTest + nVal), xs.slice(nTest, nTest + nVal), xs.slice(0, nTest)];
}

/** Random split of items, reproducible from `seed` (the original used 0.2 validation, seed 42). */
export function randomSplit(items: readonly DatasetItem[], f: SplitFractions, seed = 42): Split {
  const [train, validation, test] = cut(shuffle(items, seed), f);
  return { train, validation, test };
}

/** Leave-target-out: whole targets go to one side, so no series is split across train and test. */
export function targetSplit(items: readonly DatasetItem[], f: SplitFractions, seed = 42): Split {
  const targets = shuffle([...new Set(items.map((i) => i.target))].sort(), seed);
  const [tr, va, te] = cut(targets, f).map((ts) => new Set(ts));
  return {
    train: items.filter((i) => tr!.has(i.target)),
    validation: items.filter((i) => va!.has(i.target)),
    test: items.filter((i) => te!.has(i.target)),
  };
}

/** Time split: train before `validationFrom`, validation up to `testFrom`, test from `testFrom`. Items without a year go to train. */
export function yearSplit(items: readonly DatasetItem[], validationFrom: number, testFrom: number): Split {
  const y = (i: DatasetItem) => i.year ?? -Infinity;
  return {
    train: items.filter((i) => y(i) < validationFrom),
    validation: items.filter((i) => y(i) >= validationFrom && y(i) < testFrom),
    test: items.filter((i) => y(i) >= testFrom),
  };
}

/** Items whose id (case-insensitive) is not in `exclude`, e.g. to keep the CASF-2016 core set out of training. */
export function excludeIds(items: readonly DatasetItem[], exclude: Iterable<string>): DatasetItem[] {
  const set = new Set([...exclude].map((s) => s.toLowerCase()));
  return items.filter((i) => !set.has(i.id.toLowerCase()));
}
