/** Test helper: PDB ATOM/HETATM lines written in the exact wwPDB columns. */

/** Build an ATOM/HETATM line in the exact PDB columns. */
export function atomLine(o: {
  rec?: string;
  serial?: number;
  name: string;
  alt?: string;
  res?: string;
  chain?: string;
  seq?: number;
  icode?: string;
  x: number;
  y: number;
  z: number;
  occ?: number;
  el?: string;
  charge?: string;
}): string {
  const name = o.name.length < 4 ? ` ${o.name}`.padEnd(4) : o.name;
  return (
    (o.rec ?? 'ATOM').padEnd(6) +
    String(o.serial ?? 1).padStart(5) +
    ' ' +
    name +
    (o.alt ?? ' ') +
    (o.res ?? 'ALA').padStart(3) +
    ' ' +
    (o.chain ?? 'A') +
    String(o.seq ?? 1).padStart(4) +
    (o.icode ?? ' ') +
    '   ' +
    o.x.toFixed(3).padStart(8) +
    o.y.toFixed(3).padStart(8) +
    o.z.toFixed(3).padStart(8) +
    (o.occ ?? 1).toFixed(2).padStart(6) +
    '  0.00' +
    '          ' +
    (o.el ?? '').padStart(2) +
    (o.charge ?? '  ')
  );
}
