/** File-name helpers: structure formats by extension, and pairing docked poses with their receptors. */

/** Protein format from a file name, or undefined when not supported. */
export function proteinFormat(name: string): 'pdb' | 'pdbqt' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdbqt')) return 'pdbqt';
  if (lower.endsWith('.pdb') || lower.endsWith('.ent')) return 'pdb';
  return undefined;
}

/** Ligand format from a file name, or undefined when not supported. */
export function ligandFormat(name: string): 'sdf' | 'mol2' | 'pdbqt' | 'mol' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.sdf') || lower.endsWith('.sd')) return 'sdf';
  if (lower.endsWith('.mol2')) return 'mol2';
  if (lower.endsWith('.pdbqt')) return 'pdbqt';
  if (lower.endsWith('.mol')) return 'mol';
  return undefined;
}

/** A file name without folders and extension. */
export function stem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/\.(pdbqt|pdb|ent|sdf|sd|mol2|mol)$/i, '');
}

/** A docked pose paired with its receptor; `ligand` is the label left after the receptor prefix. */
export interface PosePair {
  readonly receptor: string;
  readonly ligand: string;
  readonly pose: string;
}

/**
 * Pairs each pose with the receptor whose stem its own stem starts with (longest match, so `receptor10` wins
 * over `receptor1`); with a single receptor, every pose goes with it. Unpaired poses are returned separately.
 */
export function pairPoses(
  receptors: readonly string[],
  poses: readonly string[],
): { pairs: PosePair[]; unpaired: string[] } {
  const stems = receptors
    .map((r) => ({ file: r, stem: stem(r) }))
    .sort((a, b) => b.stem.length - a.stem.length);
  const pairs: PosePair[] = [];
  const unpaired: string[] = [];
  for (const pose of poses) {
    const ps = stem(pose);
    const match =
      stems.find((r) => ps.startsWith(`${r.stem}_`)) ?? (stems.length === 1 ? stems[0] : undefined);
    if (!match) {
      unpaired.push(pose);
      continue;
    }
    const rest = ps.startsWith(`${match.stem}_`) ? ps.slice(match.stem.length + 1) : ps;
    pairs.push({ receptor: match.file, ligand: rest.replace(/_docked$/i, '') || ps, pose });
  }
  return { pairs, unpaired };
}
