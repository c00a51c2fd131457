/** The `compass info` command: print a model package's card (validated), as text or JSON. */
import type { Command } from 'commander';
import { bundledModelDir } from '../model-package/bundled.js';
import type { ModelCard } from '../model-package/card.js';
import { loadModelPackage } from '../model-package/load.js';
import { countCompassParams } from '../model/visnet.js';
import { countGignParams } from '../model/gign/model-def.js';
import type { CliIO } from './io.js';
import { reportCliError } from './predict-model.js';

/** Options as commander hands them over. */
export interface InfoFlags {
  model?: string;
  json?: boolean;
}

const fmt = (m: Readonly<Record<string, unknown>> | undefined): string =>
  m
    ? Object.entries(m)
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => `${k} ${(v as number).toFixed(3)}`)
        .join(', ')
    : '-';

/** One line on the architecture and one on its input, per architecture. */
function architectureLines(card: ModelCard): string[] {
  const a = card.architecture;
  if (a.name === 'gign') {
    const hp = a.hyperParams;
    const runs = a.members?.map((m) => m.name).join(', ');
    return [
      `  architecture gign: hidden ${hp.hidden}, ${hp.layers} HIL layers, ${hp.fcBlocks} head blocks, ${hp.rbf} rbf to ${hp.rbfMax} A, ${hp.members} member${hp.members > 1 ? 's' : ''}${runs ? ` (${runs})` : ''}, ${countGignParams(hp)} parameters`,
      `  input        5 A pocket of whole residues, ${hp.nodeDim} atom features, covalent and < 5 A ligand-pocket edges`,
    ];
  }
  if (a.name === 'rf-score')
    return [
      `  architecture rf-score: ${a.kind}, ${a.trees} trees, ${a.nodes} nodes${a.uncertainty ? ', uncertainty from the spread of the trees' : ''}`,
      `  input        ${a.featureCount} ligand x protein element pair counts within 12 A (${a.features}), whole protein`,
    ];
  const hp = a.hyperParams;
  return [
    `  architecture visnet: hidden ${hp.hidden}, ${hp.layers} layers, ${hp.heads} heads, ${hp.rbf} rbf, cutoff ${hp.cutoff} A, ${hp.maxNeighbours} neighbours, lmax ${hp.lmax}, ${countCompassParams(hp)} parameters`,
    `  input        pocket ${hp.pocketRadius} A, ${hp.keepHydrogens ? 'with' : 'without'} hydrogens, readout ${hp.readout}`,
  ];
}

/** The card as readable text. */
export function formatModelCard(card: ModelCard, dir: string): string {
  const lines = [
    `${card.name} (${card.id})`,
    `  folder       ${dir}`,
    `  created      ${card.createdAt}`,
    ...(card.description ? [`  description  ${card.description}`] : []),
    ...architectureLines(card),
    `  featuriser   ${card.featuriser.version}`,
    `  target       pK, mean ${card.target.mean.toFixed(3)}, std ${card.target.std.toFixed(3)}`,
    `  training     ${card.training.epochs} epochs on ${card.training.datasets.map((d) => `${d.name} (${d.count})`).join(', ') || '-'}`,
    `  validation   ${fmt(card.metrics.validation)}`,
    `  test         ${fmt(card.metrics.test)}`,
    `  providers    ${card.providersTested.join(', ')}`,
    ...(card.license ? [`  license      ${card.license}`] : []),
  ];
  return lines.join('\n');
}

/** Run `info`: 0 when the package is valid (its card printed), 1 with the typed load error otherwise. */
export async function runInfo(flags: InfoFlags, io: CliIO): Promise<number> {
  const dir = flags.model ?? bundledModelDir();
  try {
    const { card } = await loadModelPackage(dir);
    io.out(flags.json ? JSON.stringify(card) : formatModelCard(card, dir));
    return 0;
  } catch (e) {
    return reportCliError(e, io, 'info', flags.json);
  }
}

/** Add `info` to a program; `setExit` receives the exit code. */
export function registerInfo(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('info')
    .description('print the model card of a model package (validated: checksums, featuriser version)')
    .option('--model <dir>', 'model package folder (default: the bundled model)')
    .option('--json', 'print the card as one JSON object')
    .action(async (flags: InfoFlags) => setExit(await runInfo(flags, io)));
}
