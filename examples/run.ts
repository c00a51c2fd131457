/** `npm run example -- <name> [flags]`: runs one example by name (or number), e.g. `predict-affinity`. */
export const EXAMPLES: Readonly<
  Record<string, () => Promise<{ main(args: readonly string[]): Promise<unknown> }>>
> = {
  'predict-affinity': () => import('./01-predict-affinity.js'),
  'batch-heatmap': () => import('./02-batch-heatmap.js'),
  'training-management': () => import('./03-training-management.js'),
  'data-management': () => import('./04-data-management.js'),
  'service-monitor': () => import('./05-service-monitor.js'),
  failover: () => import('./06-failover.js'),
};

const [name, ...rest] = process.argv.slice(2);
const args = rest[0] === '--' ? rest.slice(1) : rest;
const names = Object.keys(EXAMPLES);
const key = name && /^\d+$/.test(name) ? names[Number(name) - 1] : name;
if (!key || !EXAMPLES[key]) {
  console.error(`usage: npm run example -- <name> [flags]\nexamples: ${names.join(', ')}`);
  process.exit(2);
}
try {
  await (await EXAMPLES[key]()).main(args);
  process.exit(0);
} catch (e) {
  console.error(`${key}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
