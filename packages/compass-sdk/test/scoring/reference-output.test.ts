/** Reading `vina --score_only` output. */
import { describe, expect, it } from 'vitest';
import { findReferenceTools, parseVinaScoreOnly } from '../../src/scoring/vina/reference-vina.js';

const OUTPUT = `Computing Vina grid ... done.
Estimated Free Energy of Binding   : -2.751 (kcal/mol) [=(1)+(2)+(3)+(4)]
(1) Final Intermolecular Energy    : -4.519 (kcal/mol)
    Ligand - Receptor              : -4.519 (kcal/mol)
    Ligand - Flex side chains      : 0.000 (kcal/mol)
(2) Final Total Internal Energy    : -1.659 (kcal/mol)
(3) Torsional Free Energy          : 1.769 (kcal/mol)
(4) Unbound System's Energy        : -1.659 (kcal/mol)
`;

describe('parseVinaScoreOnly', () => {
  it('reads the free energy and the ligand-receptor energy', () => {
    expect(parseVinaScoreOnly(OUTPUT)).toEqual({ kcalPerMol: -2.751, intermolecular: -4.519 });
  });

  it('reads positive energies', () => {
    const text = OUTPUT.replace('-2.751', '2.363').replace(
      'Receptor              : -4.519',
      'Receptor              : 4.572',
    );
    expect(parseVinaScoreOnly(text)).toEqual({ kcalPerMol: 2.363, intermolecular: 4.572 });
  });

  it('returns null for output without a score (a parse error)', () => {
    expect(parseVinaScoreOnly('PDBQT parsing error: Atom type B is not a valid AutoDock type')).toBeNull();
  });
});

describe('findReferenceTools', () => {
  it('throws SCORING_VINA_UNAVAILABLE when vina or obabel is not on the PATH', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => findReferenceTools()).toThrowError(
        expect.objectContaining({ code: 'SCORING_VINA_UNAVAILABLE' }),
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
