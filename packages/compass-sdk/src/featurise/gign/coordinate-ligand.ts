/**
 * Ligands given as coordinates only (PDB, PDBQT from docking): bonds by RDKit's proximity rule, then bond orders
 * and charges perceived from geometry, AutoDock types and the hydrogens the file keeps, so the ligand reads as
 * it would from the SDF it came from.
 */
import { perceiveBondOrders, type HydrogenKnowledge } from '../../chemistry/bond-orders.js';
import { BondList } from '../../chemistry/mol-graph.js';
import { addProximityBonds } from '../../chemistry/proximity-bonds.js';
import type { LigandRecord } from '../../structure/formats.js';
import type { MoleculeBonds } from '../../structure/molecule.js';

/** A record with perceived bonds (orders 1-3) and charges. */
export interface PerceivedLigand {
  readonly bonds: MoleculeBonds;
  readonly formalCharge: Int8Array;
}

// Hydrogens on carbon mean the file has all of them; hydrogens only on heteroatoms, the polar ones (PDBQT).
function hydrogenKnowledge(rec: LigandRecord, bonds: BondList): HydrogenKnowledge {
  const z = rec.atoms.atomicNumber;
  let any = false;
  for (let b = 0; b < bonds.count; b++) {
    const [i, j] = bonds.ends(b);
    const h = z[i] === 1 ? j : z[j] === 1 ? i : -1;
    if (h < 0) continue;
    any = true;
    if (z[h] === 6) return 'all';
  }
  // A PDBQT always carries the polar hydrogens, so none means there are none.
  return any || rec.atomType !== undefined ? 'polar' : 'none';
}

/** Connect and perceive a coordinate-only ligand record. */
export function perceiveLigand(rec: LigandRecord): PerceivedLigand {
  const { atoms } = rec;
  const n = atoms.count;
  const bonds = new BondList(n);
  addProximityBonds(
    atoms.coords,
    atoms.atomicNumber,
    { residueKey: new Int32Array(n), water: new Uint8Array(n) },
    bonds,
  );
  dropExtraHydrogenBonds(rec, bonds);
  const aromatic = rec.atomType ? Uint8Array.from(rec.atomType, (t) => (t === 'A' ? 1 : 0)) : undefined;
  const graph = bonds.toGraph(atoms.atomicNumber, Int8Array.from(atoms.formalCharge));
  const res = perceiveBondOrders({
    graph,
    coords: atoms.coords,
    hydrogens: hydrogenKnowledge(rec, bonds),
    ...(aromatic ? { aromatic } : {}),
  });
  return {
    bonds: { count: graph.bondCount, from: graph.bondBegin, to: graph.bondEnd, order: res.bondType },
    formalCharge: res.formalCharge,
  };
}

// A hydrogen keeps only its shortest bond (RDKit's ConnectTheDots cleanup of multivalent H).
function dropExtraHydrogenBonds(rec: LigandRecord, bonds: BondList): void {
  const z = rec.atoms.atomicNumber;
  const c = rec.atoms.coords;
  const best = new Map<number, { b: number; d: number }>();
  const d2 = (i: number, j: number) =>
    (c[3 * i]! - c[3 * j]!) ** 2 +
    (c[3 * i + 1]! - c[3 * j + 1]!) ** 2 +
    (c[3 * i + 2]! - c[3 * j + 2]!) ** 2;
  for (let b = 0; b < bonds.count; b++) {
    const [i, j] = bonds.ends(b);
    for (const h of [i, j]) {
      if (z[h] !== 1) continue;
      const d = d2(i, j);
      const cur = best.get(h);
      if (cur === undefined || d < cur.d) {
        if (cur !== undefined) bonds.setType(cur.b, 0);
        best.set(h, { b, d });
      } else bonds.setType(b, 0);
    }
  }
  bonds.removeZero();
}
