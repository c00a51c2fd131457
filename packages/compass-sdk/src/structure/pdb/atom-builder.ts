/** Growable columns for PDB-style atoms, resolving alternate locations as atoms arrive. */
import type { PdbAtoms, PdbResidues } from './schema.js';
import { atomicNumber } from '../elements.js';

/** One ATOM/HETATM line, already split into fields. */
export interface PdbAtomRow {
  hetatm: boolean;
  serial: number;
  name: string;
  altLoc: string;
  resName: string;
  chainID: string;
  resSeq: number;
  iCode: string;
  x: number;
  y: number;
  z: number;
  occupancy: number;
  tempFactor: number;
  element: string;
  charge: number;
  line: number;
  /** The record's text, for dialects that read columns past 66. */
  text: string;
}

/** Collects rows; for atoms with alternate locations keeps the one of highest occupancy (first on ties). */
export class PdbAtomBuilder {
  readonly rows: PdbAtomRow[] = [];
  private readonly altIndex = new Map<string, number>();
  /** How many alternate-location atoms were dropped. */
  droppedAltLocs = 0;

  add(row: PdbAtomRow): void {
    if (row.altLoc !== '') {
      const key = `${row.chainID}|${row.resSeq}|${row.iCode}|${row.name}`;
      const at = this.altIndex.get(key);
      if (at !== undefined) {
        this.droppedAltLocs++;
        if (row.occupancy > this.rows[at]!.occupancy) this.rows[at] = row;
        return;
      }
      this.altIndex.set(key, this.rows.length);
    }
    this.rows.push(row);
  }

  /** Freeze into columns and residues. */
  build(): { atoms: PdbAtoms; residues: PdbResidues; chains: string[] } {
    const rows = this.rows;
    const n = rows.length;
    const coords = new Float32Array(n * 3);
    const occupancy = new Float32Array(n);
    const tempFactor = new Float32Array(n);
    const serial = new Int32Array(n);
    const resSeq = new Int32Array(n);
    const hetatm = new Uint8Array(n);
    const z = new Uint8Array(n);
    const charge = new Int8Array(n);
    const residueIndex = new Uint32Array(n);
    const rResName: string[] = [];
    const rChain: string[] = [];
    const rSeq: number[] = [];
    const rICode: string[] = [];
    const rStart: number[] = [];
    const rHet: number[] = [];
    const chains: string[] = [];
    const seenChains = new Set<string>();
    let prevKey = '';
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      coords[3 * i] = r.x;
      coords[3 * i + 1] = r.y;
      coords[3 * i + 2] = r.z;
      occupancy[i] = r.occupancy;
      tempFactor[i] = r.tempFactor;
      serial[i] = r.serial;
      resSeq[i] = r.resSeq;
      hetatm[i] = r.hetatm ? 1 : 0;
      z[i] = atomicNumber(r.element);
      charge[i] = r.charge;
      const key = `${r.chainID}|${r.resSeq}|${r.iCode}|${r.resName}`;
      if (key !== prevKey) {
        rResName.push(r.resName);
        rChain.push(r.chainID);
        rSeq.push(r.resSeq);
        rICode.push(r.iCode);
        rStart.push(i);
        rHet.push(r.hetatm ? 1 : 0);
        prevKey = key;
      }
      residueIndex[i] = rStart.length - 1;
      if (!seenChains.has(r.chainID)) {
        seenChains.add(r.chainID);
        chains.push(r.chainID);
      }
    }
    rStart.push(n);
    const atoms: PdbAtoms = {
      count: n,
      hetatm,
      serial,
      name: rows.map((r) => r.name),
      altLoc: rows.map((r) => r.altLoc),
      resName: rows.map((r) => r.resName),
      chainID: rows.map((r) => r.chainID),
      resSeq,
      iCode: rows.map((r) => r.iCode),
      coords,
      occupancy,
      tempFactor,
      element: rows.map((r) => r.element),
      atomicNumber: z,
      charge,
      residueIndex,
    };
    const residues: PdbResidues = {
      count: rResName.length,
      resName: rResName,
      chainID: rChain,
      resSeq: Int32Array.from(rSeq),
      iCode: rICode,
      atomStart: Uint32Array.from(rStart),
      hetatm: Uint8Array.from(rHet),
    };
    return { atoms, residues, chains };
  }
}
