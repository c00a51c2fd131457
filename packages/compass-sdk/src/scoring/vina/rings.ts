/** Which bonds of a molecular graph lie on a ring (are not bridges), by Tarjan's bridge search. */

/** Flags, per bond, whether it lies on a ring. */
export function ringBonds(
  n: number,
  bonds: readonly { readonly a: number; readonly b: number }[],
): Uint8Array {
  const adj: { j: number; k: number }[][] = Array.from({ length: n }, () => []);
  bonds.forEach((bd, k) => {
    if (bd.a === bd.b || bd.a >= n || bd.b >= n) return;
    adj[bd.a]!.push({ j: bd.b, k });
    adj[bd.b]!.push({ j: bd.a, k });
  });
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const bridge = new Uint8Array(bonds.length);
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    // iterative DFS: stack of (vertex, bond used to enter it, next neighbour position)
    const stack: [number, number, number][] = [[root, -1, 0]];
    disc[root] = low[root] = time++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, via] = top;
      if (top[2] < adj[v]!.length) {
        const { j, k } = adj[v]![top[2]++]!;
        if (k === via) continue;
        if (disc[j] === -1) {
          disc[j] = low[j] = time++;
          stack.push([j, k, 0]);
        } else low[v] = Math.min(low[v]!, disc[j]!);
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          const p = parent[0];
          low[p] = Math.min(low[p]!, low[v]!);
          if (low[v]! > disc[p]!) bridge[via] = 1;
        }
      }
    }
  }
  const ring = new Uint8Array(bonds.length);
  bonds.forEach((bd, k) => {
    ring[k] = bd.a !== bd.b && bd.a < n && bd.b < n && !bridge[k] ? 1 : 0;
  });
  return ring;
}
