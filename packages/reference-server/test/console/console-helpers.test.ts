/** Pure helpers of the console: pose pairing, file formats and the SSE block parser. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractArchive, readTar } from '../../console/src/archive.js';
import { parseSseBlock } from '../../console/src/api.js';
import { ligandFormat, pairPoses, proteinFormat, stem } from '../../console/src/formats.js';

describe('pairPoses', () => {
  it('pairs FLASH-DOCK names by the longest receptor prefix and labels the ligand', () => {
    const { pairs, unpaired } = pairPoses(
      ['receptor1.pdb', 'receptor10.pdb'],
      ['receptor1_ligand2_docked.sdf', 'receptor10_ligand1_docked.sdf', 'other_ligand.sdf'],
    );
    expect(pairs).toEqual([
      { receptor: 'receptor1.pdb', ligand: 'ligand2', pose: 'receptor1_ligand2_docked.sdf' },
      { receptor: 'receptor10.pdb', ligand: 'ligand1', pose: 'receptor10_ligand1_docked.sdf' },
    ]);
    expect(unpaired).toEqual(['other_ligand.sdf']);
  });

  it('gives every pose to a single receptor', () => {
    expect(pairPoses(['dir/protein.pdb'], ['a.sdf', 'b_docked.sdf']).pairs).toEqual([
      { receptor: 'dir/protein.pdb', ligand: 'a', pose: 'a.sdf' },
      { receptor: 'dir/protein.pdb', ligand: 'b', pose: 'b_docked.sdf' },
    ]);
  });
});

describe('formats', () => {
  it('maps extensions and refuses unknown ones', () => {
    expect(proteinFormat('X.PDB')).toBe('pdb');
    expect(proteinFormat('x.pdbqt')).toBe('pdbqt');
    expect(proteinFormat('x.sdf')).toBeUndefined();
    expect(ligandFormat('x.sd')).toBe('sdf');
    expect(ligandFormat('x.mol2')).toBe('mol2');
    expect(ligandFormat('x.pdb')).toBeUndefined();
    expect(stem('a/b/receptor1.pdb')).toBe('receptor1');
  });
});

describe('parseSseBlock', () => {
  it('reads event, id and multi-line data, and skips comments', () => {
    expect(parseSseBlock(': keep-alive\nevent: log\nid: 7\ndata: {"a":1}\ndata: x')).toEqual({
      event: 'log',
      id: '7',
      data: '{"a":1}\nx',
    });
    expect(parseSseBlock(': only a comment')).toBeUndefined();
    expect(parseSseBlock('data:no-space')).toEqual({ event: 'message', id: undefined, data: 'no-space' });
  });
});

describe('archives', () => {
  it('reads tar (long names, folders skipped), tar.gz and zip, dropping hidden and __MACOSX entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-archive-'));
    try {
      const long = `${'d'.repeat(60)}/${'receptor1_ligand1_'.repeat(4)}docked.sdf`;
      mkdirSync(join(dir, 'src', 'd'.repeat(60)), { recursive: true });
      writeFileSync(join(dir, 'src', 'receptor1.pdb'), 'ATOM\n');
      writeFileSync(join(dir, 'src', long), 'pose\n');
      writeFileSync(join(dir, 'src', '.hidden.sdf'), 'x');
      execFileSync('tar', ['cf', join(dir, 'a.tar'), '--format=gnu', '-C', join(dir, 'src'), '.']);
      const tar = new Uint8Array(readFileSync(join(dir, 'a.tar')));
      const names = readTar(tar)
        .map((e) => e.name.replace(/^\.\//, ''))
        .sort();
      expect(names).toEqual(['.hidden.sdf', long, 'receptor1.pdb'].sort());
      const fromGz = extractArchive('a.tar.gz', gzipSync(tar)).map((e) => e.name.replace(/^\.\//, ''));
      expect(fromGz.sort()).toEqual([long, 'receptor1.pdb'].sort());
      const zip = zipSync({
        'r/receptor2.pdb': new TextEncoder().encode('ATOM'),
        '__MACOSX/r/x.sdf': new Uint8Array(1),
      });
      const fromZip = extractArchive('b.zip', zip);
      expect(fromZip.map((e) => e.name)).toEqual(['r/receptor2.pdb']);
      expect(new TextDecoder().decode(fromZip[0]?.bytes)).toBe('ATOM');
      expect(() => extractArchive('c.rar', new Uint8Array(4))).toThrow(
        'not a .zip, .tar, .tar.gz or .tgz archive',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
