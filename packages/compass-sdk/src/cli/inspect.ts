/** The `compass inspect` command: options, output (text or --json) and exit codes. */
import type { Command } from 'commander';
import { isCompassError } from '../errors.js';
import type { CliIO } from './io.js';
import { formatInspectReport, inspectStructures } from './inspect-report.js';

/** Options as commander hands them over. */
interface InspectFlags {
  protein: string;
  ligand: string;
  json?: boolean;
  radius: string;
}

/**
 * Run `inspect` and return the exit code: 0 when read, 1 when a file cannot be read (the typed error's message
 * on stderr) or when no ligand record could be placed near the protein.
 */
export async function runInspect(flags: InspectFlags, io: CliIO): Promise<number> {
  const radius = Number(flags.radius);
  if (!(radius > 0)) {
    io.err(`compass inspect: --radius must be a positive number of angstroms, got "${flags.radius}"`);
    return 2;
  }
  try {
    const report = await inspectStructures({ protein: flags.protein, ligand: flags.ligand, radius });
    io.out(flags.json ? JSON.stringify(report) : formatInspectReport(report));
    return report.ligands.every((l) => 'error' in l.pocket) ? 1 : 0;
  } catch (e) {
    if (!isCompassError(e)) throw e;
    if (flags.json)
      io.out(JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } }));
    io.err(`compass inspect: ${e.message} [${e.code}]`);
    return 1;
  }
}

/** Add `inspect` to a program; `setExit` receives the exit code. */
export function registerInspect(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('inspect')
    .description(
      'parse a protein and ligand file and print what was understood: atoms, chains, pockets, warnings',
    )
    .requiredOption('--protein <file>', 'protein or pocket (PDB, PDBQT; .gz allowed)')
    .requiredOption('--ligand <file>', 'ligand poses (SDF/MOL with any number of records, MOL2, PDB, PDBQT)')
    .option('--radius <angstrom>', 'pocket radius', '10')
    .option('--json', 'print one JSON object')
    .action(async (flags: InspectFlags) => setExit(await runInspect(flags, io)));
}
