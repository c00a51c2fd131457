/**
 * The torsion tree of a PDBQT ligand (ROOT / BRANCH / ENDBRANCH records), which the structure layer's PDBQT parser
 * does not keep: only those records and the serial numbers of the atom lines are read here, the atoms themselves
 * come from `parsePdbqt`.
 */
import { ScoringError } from '../errors.js';
import type { TorsionTree } from './torsion-tree.js';

/**
 * Read the torsion tree of PDBQT text, for atoms identified by their serial numbers (`serials[i]` is the serial of
 * atom i as the PDBQT parser returned it). A file without ROOT (a rigid receptor) gives a single piece.
 */
export function readPdbqtTorsionTree(text: string, serials: ArrayLike<number>): TorsionTree {
  const index = new Map<number, number>();
  for (let i = 0; i < serials.length; i++) index.set(serials[i]!, i);
  const nodeOf = new Int32Array(serials.length);
  const branches: { node: number; axisBegin: number; axisEnd: number }[] = [];
  const stack = [0];
  let nodes = 1;
  let lineNo = 0;
  for (const line of text.split(/\r?\n/)) {
    lineNo++;
    if (line.startsWith('ATOM') || line.startsWith('HETATM')) {
      const i = index.get(Number(line.slice(6, 11)));
      if (i !== undefined) nodeOf[i] = stack[stack.length - 1]!;
    } else if (line.startsWith('BRANCH')) {
      const [from, to] = line.slice(6).trim().split(/\s+/).map(Number);
      const axisBegin = index.get(from!);
      const axisEnd = index.get(to!);
      if (axisBegin === undefined || axisEnd === undefined) {
        throw new ScoringError(
          'SCORING_BAD_INPUT',
          `BRANCH on line ${lineNo} names an atom the file does not have`,
          {
            details: { line: lineNo },
          },
        );
      }
      const node = nodes++;
      branches.push({ node, axisBegin, axisEnd });
      stack.push(node);
    } else if (line.startsWith('ENDBRANCH')) {
      if (stack.length > 1) stack.pop();
    }
  }
  return { nodeOf, branches };
}
