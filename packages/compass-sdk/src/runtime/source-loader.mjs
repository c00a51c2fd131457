// Development only (never shipped: the package ships dist/): registers tsx in a worker thread started from src/,
// because Node 20 workers do not run the parent's `--import` loader. module-worker.ts imports this file first.
import { register } from 'tsx/esm/api';

register();
