/** The 3D view of pocket and ligand: 3Dmol.js, loaded only when a result is shown (it is the largest chunk). */
import { h } from './dom.js';
import { t } from './i18n.js';

interface Viewer3D {
  addModel(
    data: string,
    format: string,
  ): { selectedAtoms(sel: object): Array<{ x: number; y: number; z: number }> };
  setStyle(sel: object, style: object): void;
  addSurface?(type: unknown, style: object, sel: object): void;
  zoomTo(sel?: object): void;
  render(): void;
  resize(): void;
}

interface ThreeDmol {
  createViewer(el: HTMLElement, config: object): Viewer3D;
}

/** Extracts the ligand's coordinates from SDF/MOL V2000 text (first record). */
function sdfCoordinates(text: string): Array<[number, number, number]> {
  const lines = text.split(/\r?\n/);
  const counts = lines[3] ?? '';
  const n = Number.parseInt(counts.slice(0, 3), 10);
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < (Number.isFinite(n) ? n : 0); i++) {
    const line = lines[4 + i] ?? '';
    out.push([Number(line.slice(0, 10)), Number(line.slice(10, 20)), Number(line.slice(20, 30))]);
  }
  return out;
}

/** Keeps the protein's ATOM/HETATM lines within `radius` Å of any ligand atom (the pocket), as PDB text. */
export function pocketPdb(protein: string, ligand: Array<[number, number, number]>, radius = 8): string {
  const r2 = radius * radius;
  const keep: string[] = [];
  for (const line of protein.split(/\r?\n/)) {
    if (!line.startsWith('ATOM') && !line.startsWith('HETATM')) continue;
    if (line.slice(17, 20) === 'HOH') continue;
    const x = Number(line.slice(30, 38));
    const y = Number(line.slice(38, 46));
    const z = Number(line.slice(46, 54));
    if (ligand.some(([a, b, c]) => (a - x) ** 2 + (b - y) ** 2 + (c - z) ** 2 <= r2)) keep.push(line);
  }
  return `${keep.join('\n')}\nEND\n`;
}

/** Blue (favourable) to red (unfavourable) for a contribution scaled to [-1, 1]. */
function contributionColour(v: number): string {
  const c = Math.max(-1, Math.min(1, v));
  const r = Math.round(c > 0 ? 255 : 255 * (1 + c));
  const b = Math.round(c < 0 ? 255 : 255 * (1 - c));
  const g = Math.round(255 * (1 - Math.abs(c)));
  return `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A panel that lazily loads 3Dmol.js and shows the pocket (residues near the ligand, as sticks) and the ligand.
 * With `contributions`, ligand atoms are coloured by their per-atom contribution.
 */
export function moleculeViewer(
  protein: { format: string; text: string },
  ligand: { format: string; text: string },
  contributions?: readonly number[],
): HTMLElement {
  const status = h('p', { class: 'muted', 'aria-live': 'polite' }, t('viewerLoading'));
  const stage = h('div', {
    class: 'viewer-stage',
    'data-testid': 'viewer',
    role: 'img',
    'aria-label': t('viewer'),
  });
  const panel = h('section', { class: 'card' }, h('h2', {}, t('viewer')), status, stage);
  void (async () => {
    try {
      const mod = (await import('3dmol')) as unknown as ThreeDmol & { default?: ThreeDmol };
      const lib = typeof mod.createViewer === 'function' ? mod : (mod.default as ThreeDmol);
      const viewer = lib.createViewer(stage, { backgroundColor: 'white', antialias: true });
      const ligandFormat = ligand.format === 'mol' ? 'sdf' : ligand.format;
      const coords = ligand.format === 'sdf' || ligand.format === 'mol' ? sdfCoordinates(ligand.text) : [];
      const pocket =
        coords.length > 0 && protein.format === 'pdb' ? pocketPdb(protein.text, coords) : protein.text;
      viewer.addModel(pocket, protein.format === 'pdbqt' ? 'pdbqt' : 'pdb');
      viewer.setStyle({ model: 0 }, { stick: { radius: 0.12, colorscheme: 'grayCarbon' } });
      const lig = viewer.addModel(ligand.text, ligandFormat);
      viewer.setStyle({ model: 1 }, { stick: { radius: 0.25, colorscheme: 'greenCarbon' } });
      if (contributions && contributions.length > 0) {
        const max = Math.max(...contributions.map((c) => Math.abs(c)), 1e-9);
        lig.selectedAtoms({}).forEach((_atom, i) => {
          const c = contributions[i];
          if (c !== undefined)
            viewer.setStyle(
              { model: 1, index: i },
              { stick: { radius: 0.25, color: contributionColour(c / max) } },
            );
        });
        status.textContent = t('contributionColouring');
      } else {
        status.textContent = '';
      }
      viewer.zoomTo({ model: 1 });
      viewer.render();
      stage.dataset.ready = 'true';
    } catch (err) {
      status.textContent = `${t('viewerFailed')}: ${err instanceof Error ? err.message : String(err)}`;
      stage.dataset.ready = 'failed';
    }
  })();
  return panel;
}
