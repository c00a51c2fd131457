/** The reference harness: convert with Open Babel and score with the real `vina --score_only`, caching both on disk. */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ScoringError } from '../errors.js';

const run = promisify(execFile);

/** Versions of the reference tools, or why they cannot be used. */
export interface ReferenceTools {
  readonly vina: string;
  readonly obabel: string;
}

/** What `vina --score_only` reports for one pose. */
export interface VinaReferenceScore {
  /** "Estimated Free Energy of Binding", kcal/mol. */
  readonly kcalPerMol: number;
  /** "Ligand - Receptor" intermolecular energy, kcal/mol. */
  readonly intermolecular: number;
}

/**
 * Find `vina` and `obabel` on the PATH. Throws `SCORING_VINA_UNAVAILABLE` (with the reason) when either is missing.
 */
export function findReferenceTools(): ReferenceTools {
  const version = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim()
        .split('\n')[0]!;
    } catch (e) {
      throw new ScoringError('SCORING_VINA_UNAVAILABLE', `${cmd} is not installed or not on the PATH`, {
        cause: e,
      });
    }
  };
  return { vina: version('vina', ['--version']), obabel: version('obabel', ['-V']) };
}

/** The cache folder for converted files and reference scores (under the OS temp folder unless given). */
export function referenceCacheDir(root: string = join(tmpdir(), 'compass-vina-reference')): string {
  // created on every call: cheap, and a cache folder removed mid-run is simply rebuilt
  mkdirSync(root, { recursive: true });
  return root;
}

function digest(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
}

/**
 * Convert a receptor (PDB) to a rigid PDBQT with `obabel -xr`, cached by content. Returns the PDBQT path.
 */
export function receptorToPdbqt(pdbPath: string, cacheDir?: string): Promise<string> {
  const key = `${referenceCacheDir(cacheDir)}\0${pdbPath}`;
  let pending = inflightReceptors.get(key);
  if (!pending) {
    pending = convertReceptor(pdbPath, cacheDir).finally(() => inflightReceptors.delete(key));
    inflightReceptors.set(key, pending);
  }
  return pending;
}

const inflightReceptors = new Map<string, Promise<string>>();

async function convertReceptor(pdbPath: string, cacheDir?: string): Promise<string> {
  const out = join(referenceCacheDir(cacheDir), `rec-${digest(readFileSync(pdbPath))}.pdbqt`);
  if (!existsSync(out)) {
    // write under a temporary name so that a concurrent or interrupted run never leaves half a file behind
    const tmp = `${out}.${process.pid}.tmp.pdbqt`;
    await obabel([pdbPath, '-xr', '-opdbqt', '-O', tmp]);
    if (!existsSync(tmp))
      throw new ScoringError('SCORING_VINA_FAILED', `obabel wrote nothing for ${pdbPath}`);
    renameSync(tmp, out);
  }
  return out;
}

/**
 * Convert every record of a ligand file (SDF, MOL2) to its own PDBQT with `obabel -m`, cached by content.
 * Returns the PDBQT paths in record order.
 */
export function ligandsToPdbqt(path: string, cacheDir?: string): Promise<string[]> {
  const key = `${referenceCacheDir(cacheDir)}\0${path}`;
  let pending = inflight.get(key);
  if (!pending) {
    // one conversion per file at a time: concurrent callers for records of one file share it
    pending = convertLigands(path, cacheDir).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

const inflight = new Map<string, Promise<string[]>>();

async function convertLigands(path: string, cacheDir?: string): Promise<string[]> {
  const dir = join(
    referenceCacheDir(cacheDir),
    `lig-${digest(readFileSync(path), path.slice(path.lastIndexOf('.')))}`,
  );
  if (!existsSync(dir)) {
    // convert into a private folder and move it into place whole, so other processes see all poses or none
    const tmp = `${dir}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await obabel([path, '-opdbqt', '-O', join(tmp, 'pose.pdbqt'), '-m']);
    if (!readdirSync(tmp).some((f) => f.endsWith('.pdbqt'))) {
      throw new ScoringError('SCORING_VINA_FAILED', `obabel wrote nothing for ${path}`);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
  }
  const files = readdirSync(dir).filter((f) => /^pose\d+\.pdbqt$/.test(f));
  return files.sort((a, b) => parseInt(a.slice(4), 10) - parseInt(b.slice(4), 10)).map((f) => join(dir, f));
}

async function obabel(args: string[]): Promise<void> {
  try {
    await run('obabel', args, { maxBuffer: 64 << 20 });
  } catch (e) {
    throw new ScoringError('SCORING_VINA_FAILED', `obabel ${args.join(' ')} failed`, { cause: e });
  }
}

/**
 * Score one pose with `vina --score_only --autobox` (one CPU), cached by the content of both PDBQT files. Resolves
 * to null when Vina rejects the input (for example an atom type it does not know, such as boron in 1.2.3).
 */
export async function vinaScoreOnly(
  receptorPdbqt: string,
  ligandPdbqt: string,
  cacheDir?: string,
): Promise<VinaReferenceScore | null> {
  const key = join(
    referenceCacheDir(cacheDir),
    `vina-${digest(readFileSync(receptorPdbqt), readFileSync(ligandPdbqt))}.txt`,
  );
  let text: string;
  if (existsSync(key)) text = readFileSync(key, 'utf8');
  else {
    const args = [
      '--score_only',
      '--receptor',
      receptorPdbqt,
      '--ligand',
      ligandPdbqt,
      '--autobox',
      '--cpu',
      '1',
    ];
    try {
      const { stdout } = await run('vina', args, { maxBuffer: 16 << 20 });
      text = stdout;
    } catch (e) {
      const failed = e as { stdout?: string; stderr?: string };
      const out = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
      if (!/parsing error|not a valid AutoDock type/i.test(out)) {
        throw new ScoringError('SCORING_VINA_FAILED', `vina ${args.join(' ')} failed`, { cause: e });
      }
      text = out;
    }
    // atomic, so another process reading the cache never sees half an output
    writeFileSync(`${key}.${process.pid}.tmp`, text);
    renameSync(`${key}.${process.pid}.tmp`, key);
  }
  return parseVinaScoreOnly(text);
}

/** Read the energies from `vina --score_only` output; null when it holds none. */
export function parseVinaScoreOnly(text: string): VinaReferenceScore | null {
  const total = /Estimated Free Energy of Binding\s*:\s*(-?\d+(?:\.\d+)?)/.exec(text);
  const inter = /Ligand - Receptor\s*:\s*(-?\d+(?:\.\d+)?)/.exec(text);
  if (!total || !inter) return null;
  return { kcalPerMol: Number(total[1]), intermolecular: Number(inter[1]) };
}
