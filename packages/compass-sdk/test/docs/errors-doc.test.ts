/**
 * docs/errors.md cannot drift from the code: the codes of @compass/registry-sdk (v0 adapter included),
 * @compass/balancer, every @compass/sdk area and @compass/reference-server found in the source are exactly
 * the ones documented, and each documented class, retryability and HTTP status is what the code does. The server's
 * source is read as text (the SDK never imports the server).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AbortedError,
  BALANCER_ERROR_CODES,
  BulkheadRejectedError,
  CircuitOpenError,
  DeadlineExceededError,
  FallbackExhaustedError,
  NoEndpointError,
  TransportError,
  type BalancerError,
} from '@compass/balancer';
import {
  errorFromResponse,
  InstanceNotFoundError,
  InvalidAllowEntryError,
  InvalidRegistrationError,
  InvalidStoreSpecError,
  RegistryAbortedError,
  RegistryServerError,
  RegistryTimeoutError,
  RegistryUnreachableError,
  ServerConfigError,
  StoreError,
  V0RequestError,
  type RegistryError,
  type V0ErrorCode,
} from '@compass/registry-sdk';
import { describe, expect, it } from 'vitest';
import { CheckpointError, type CheckpointErrorCode } from '../../src/checkpoint/errors.js';
import { ChemistryError, type ChemistryErrorCode } from '../../src/chemistry/errors.js';
import { DatasetError, type DatasetErrorCode } from '../../src/datasets/errors.js';
import {
  CompassAbortError,
  CompassConnectionError,
  CompassResponseError,
  CompassStreamError,
  CompassTimeoutError,
} from '../../src/client/errors.js';
import { CompassError } from '../../src/errors.js';
import {
  CompassEngineUnavailableError,
  CompassNoServerError,
  CompassUnavailableError,
} from '../../src/facade/errors.js';
import { FeaturiseError, type FeaturiseErrorCode } from '../../src/featurise/gign/errors.js';
import { GraphError, type GraphErrorCode } from '../../src/graph/errors.js';
import { ModelError, type ModelErrorCode } from '../../src/model/errors.js';
import { ModelPackageError, type ModelPackageErrorCode } from '../../src/model-package/errors.js';
import { ParamsError, type ParamsErrorCode } from '../../src/params/errors.js';
import { PredictorError, type PredictorErrorCode } from '../../src/predictor/errors.js';
import { RfScoreError, type RfScoreErrorCode } from '../../src/rfscore/errors.js';
import { RuntimeError, type RuntimeErrorCode } from '../../src/runtime/errors.js';
import { ScoringError, type ScoringErrorCode } from '../../src/scoring/errors.js';
import {
  ParseError,
  StructureError,
  type ParseErrorCode,
  type StructureErrorCode,
} from '../../src/structure/errors.js';
import { FeaturiserMismatchError } from '../../src/structure/featurise.js';
import { TrainingError, type TrainingErrorCode } from '../../src/training/errors.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');

interface Row {
  readonly code: string;
  readonly cells: Readonly<Record<string, string>>;
}

/** The table rows of one `## heading` section, each cell keyed by its column header (lower case). */
function section(heading: string): Row[] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/errors.md has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 4);
  const rows: Row[] = [];
  let header: string[] = [];
  for (const line of doc.slice(start, end < 0 ? undefined : end).split('\n')) {
    if (!line.startsWith('|')) {
      header = [];
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (header.length === 0) header = cells.map((c) => c.toLowerCase());
    const code = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[0] ?? '')?.[1];
    if (code) rows.push({ code, cells: Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) });
  }
  return rows;
}

const errorRows = (rows: Row[]) => rows.filter((r) => 'retryable' in r.cells);
const codesOf = (rows: Row[]) => [...new Set(rows.map((r) => r.code))].sort();

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Code-shaped string literals in `files`: SCREAMING_SNAKE with a segment of three or more letters first (Vina's
 * atom types such as `'N_DA'` are not codes) or the `V0_` prefix of the v0 adapters, plus single words in files
 * that define errors. Node's own error codes (`UND_ERR_*`, `EAI_*`), which the code matches on, are not ours.
 */
function sourceCodes(files: string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/'([A-Z][A-Z0-9]{2,}(?:_[A-Z0-9]+)+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/'(V0(?:_[A-Z0-9]+)+)'/g)) found.add(m[1]!);
    if (/error|problem/i.test(file.split('/').at(-1)!))
      for (const m of text.matchAll(/'([A-Z]{4,})'/g)) found.add(m[1]!);
  }
  return [...found].filter((c) => !/^(UND_ERR_|EAI_)/.test(c)).sort();
}

/**
 * The server's code -> status table, read as text: `ERROR_STATUS` in the server's `errors.ts`, merged with the one of
 * the wire contract (`src/client/contract/errors.ts`) where it exists, so moving the table between them keeps the check.
 */
function serverStatusTable(): Record<string, string> {
  const files = [
    join(root, 'packages/reference-server/src/errors.ts'),
    join(root, 'packages/compass-sdk/src/client/contract/errors.ts'),
  ];
  const table: Record<string, string> = {};
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const block = /export const ERROR_STATUS = \{([^}]*)\}/.exec(text)?.[1] ?? '';
    for (const m of block.matchAll(/^\s+([A-Z][A-Z_]+): (\d{3}),$/gm)) {
      expect([m[1], table[m[1]!] ?? m[2]], `one status for ${m[1]} in every table`).toEqual([m[1], m[2]]);
      table[m[1]!] = m[2]!;
    }
  }
  return table;
}

const yesNo = (cell: string | undefined) => {
  expect(['yes', 'no', 'depends']).toContain(cell);
  return cell;
};

describe('docs/errors.md', () => {
  it('@compass/registry-sdk: every code in the source is documented, and nothing else', () => {
    const rows = section('@compass/registry-sdk');
    expect(codesOf(rows)).toEqual(sourceCodes(tsFiles(join(root, 'packages/registry-sdk/src'))));
  });

  it('@compass/registry-sdk: documented retryability matches the error classes and the client mapping', () => {
    const rows = errorRows(section('@compass/registry-sdk'));
    const core: Record<string, RegistryError> = {
      INSTANCE_NOT_FOUND: new InstanceNotFoundError('x'),
      INVALID_REGISTRATION: new InvalidRegistrationError('x'),
      STORE_UNAVAILABLE: new StoreError('x'),
      INVALID_STORE_SPEC: new InvalidStoreSpecError('x'),
      INVALID_SERVER_CONFIG: new ServerConfigError('x'),
    };
    const client: Record<string, RegistryError> = {
      BAD_REQUEST: errorFromResponse(400, undefined),
      UNAUTHORIZED: errorFromResponse(401, undefined),
      NOT_FOUND: errorFromResponse(404, undefined),
      SERVER_ERROR: errorFromResponse(503, undefined),
      BAD_RESPONSE: new RegistryServerError('BAD_RESPONSE', 'x'),
      REGISTRY_UNREACHABLE: new RegistryUnreachableError('x'),
      REGISTRY_TIMEOUT: new RegistryTimeoutError('x'),
      ABORTED: new RegistryAbortedError('x'),
    };
    let checked = 0;
    for (const row of rows) {
      const retryable = yesNo(row.cells.retryable) === 'yes';
      const status = row.cells['http status'];
      if (status) {
        // What the client makes of the server's envelope with this code and status.
        const e = errorFromResponse(Number(status), { error: { code: row.code, message: 'x' } });
        expect([row.code, e.code, e.retryable]).toEqual([row.code, row.code, retryable]);
      } else {
        const e = core[row.code] ?? client[row.code];
        expect(e, `an instance of ${row.code}'s class`).toBeDefined();
        expect([row.code, e!.code, e!.retryable, e!.constructor.name]).toEqual([
          row.code,
          row.code,
          retryable,
          row.cells.class?.replace(/`/g, ''),
        ]);
      }
      checked++;
    }
    expect(checked).toBe(rows.length);
    expect(Object.keys({ ...core, ...client }).every((c) => rows.some((r) => r.code === c))).toBe(true);
  });

  it('@compass/registry-sdk: documented HTTP statuses are the ones the router sends', () => {
    const http = errorRows(section('@compass/registry-sdk')).filter((r) => r.cells['http status']);
    const documented = new Map(http.map((r) => [r.code, Number(r.cells['http status'])]));
    const sent = new Map<string, number>();
    for (const file of tsFiles(join(root, 'packages/registry-sdk/src/http'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/HttpProblem\((\d{3}), '([A-Z_]+)'/g)) sent.set(m[2]!, Number(m[1]));
      for (const m of text.matchAll(/^\s+([A-Z][A-Z_]+): (\d{3}),$/gm)) sent.set(m[1]!, Number(m[2]));
      if (/status: 500, body: \{ error: \{ code: 'INTERNAL_ERROR'/.test(text))
        sent.set('INTERNAL_ERROR', 500);
    }
    expect(sent.size).toBeGreaterThanOrEqual(8);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(sent));
  });

  it('@compass/balancer: the table is BALANCER_ERROR_CODES with each class retryability', () => {
    const rows = errorRows(section('@compass/balancer'));
    expect(rows.map((r) => r.code)).toEqual([...BALANCER_ERROR_CODES]);
    const transport = (kind: ConstructorParameters<typeof TransportError>[1]['kind'], status?: number) =>
      new TransportError('x', { kind, ...(status === undefined ? {} : { status }) });
    const sample: Record<string, BalancerError[]> = {
      NO_ENDPOINT: [new NoEndpointError('x')],
      CONNECTION_REFUSED: [transport('connection-refused')],
      CONNECTION_RESET: [transport('connection-reset')],
      TIMEOUT: [transport('timeout')],
      HTTP_STATUS: [transport('status', 503), transport('status', 400)],
      TRANSPORT: [transport('other')],
      CIRCUIT_OPEN: [new CircuitOpenError('x')],
      BULKHEAD_REJECTED: [new BulkheadRejectedError('x', 'overall')],
      DEADLINE_EXCEEDED: [new DeadlineExceededError('x')],
      ABORTED: [new AbortedError('x')],
      FALLBACK_EXHAUSTED: [new FallbackExhaustedError('x', [])],
    };
    for (const row of rows) {
      const errors = sample[row.code]!;
      const retryable = errors.map((e) => e.retryable);
      const expected = { yes: [true], no: [false], depends: [true, false] }[yesNo(row.cells.retryable)!]!;
      expect([row.code, ...errors.map((e) => e.code), ...retryable]).toEqual([
        row.code,
        ...errors.map(() => row.code),
        ...expected,
      ]);
    }
  });

  it('@compass/sdk: every code of the audited areas is documented (errors and warnings), and nothing else', () => {
    const src = join(root, 'packages/compass-sdk/src');
    const files = [
      ...['structure', 'datasets', 'scoring', 'graph', 'onnx', 'params', 'runtime', 'cache'].flatMap((d) =>
        tsFiles(join(src, d)),
      ),
      join(src, 'errors.ts'),
    ];
    const rows = section('@compass/sdk: structures, datasets, scoring, graph, parameters, runtime, cache');
    expect(codesOf(rows)).toEqual(sourceCodes(files));
  });

  it('@compass/sdk: each documented error has that class and retryability', () => {
    const rows = errorRows(
      section('@compass/sdk: structures, datasets, scoring, graph, parameters, runtime, cache'),
    );
    const make = (code: string): CompassError => {
      if (code.startsWith('PARSE_')) return new ParseError(code as ParseErrorCode, 'x', { source: 's' });
      if (code.startsWith('STRUCTURE_')) return new StructureError(code as StructureErrorCode, 'x');
      if (code.startsWith('DATASET_')) return new DatasetError(code as DatasetErrorCode, 'x');
      if (code.startsWith('SCORING_')) return new ScoringError(code as ScoringErrorCode, 'x');
      if (code.startsWith('GRAPH_')) return new GraphError(code as GraphErrorCode, 'x');
      if (code.startsWith('PARAMS_')) return new ParamsError(code as ParamsErrorCode, 'x');
      if (code.startsWith('RUNTIME_')) return new RuntimeError(code as RuntimeErrorCode, 'x');
      if (code === 'FEATURISER_MISMATCH') return new FeaturiserMismatchError('a', 'b');
      return new CompassError(code, 'x');
    };
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const e = make(row.code);
      expect([row.code, e.constructor.name, e.retryable]).toEqual([
        row.code,
        row.cells.class?.replace(/`/g, ''),
        yesNo(row.cells.retryable) === 'yes',
      ]);
    }
  });

  it('@compass/registry-sdk: the v0 adapter codes have the documented class and v0 status', () => {
    const rows = section('@compass/registry-sdk').filter((r) => 'v0 status' in r.cells);
    expect(codesOf(rows)).toEqual([
      'V0_ADDRESS_NOT_ALLOWED',
      'V0_INVALID_ALLOW_ENTRY',
      'V0_SERVICE_NOT_FOUND',
      'V0_VALIDATION_FAILED',
    ]);
    for (const row of rows) {
      const e =
        row.code === 'V0_INVALID_ALLOW_ENTRY'
          ? new InvalidAllowEntryError('x')
          : new V0RequestError(row.code as V0ErrorCode, 'x');
      const status = 'status' in e ? String(e.status) : 'start-up';
      expect([row.code, e.code, e.constructor.name, status]).toEqual([
        row.code,
        row.code,
        row.cells.class?.replace(/`/g, ''),
        row.cells['v0 status'],
      ]);
    }
  });

  const modelSection =
    '@compass/sdk: checkpoints, chemistry, GIGN featuriser, RF-Score, models, packages, predictors';

  it('@compass/sdk: every code of the model areas is documented (errors and warnings), and nothing else', () => {
    const src = join(root, 'packages/compass-sdk/src');
    const files = [
      'checkpoint',
      'chemistry',
      'featurise',
      'rfscore',
      'model',
      'model-package',
      'model-import',
      'predictor',
    ].flatMap((d) => tsFiles(join(src, d)));
    // Pickle opcode names (EMPTY_DICT, SHORT_BINUNICODE...) and ONNX node modes (BRANCH_LEQ) are not codes: keep the
    // areas' own prefixes.
    const ours = /^(CHECKPOINT|CHEM|FEATURISE|GIGN|RFSCORE|MODEL|PREDICTOR)_/;
    expect(codesOf(section(modelSection))).toEqual(sourceCodes(files).filter((c) => ours.test(c)));
  });

  it('@compass/sdk: each documented model-area error has that class and retryability', () => {
    const rows = errorRows(section(modelSection));
    const make = (code: string): CompassError => {
      if (code.startsWith('CHECKPOINT_'))
        return new CheckpointError(code as CheckpointErrorCode, 'x', { source: 's' });
      if (code.startsWith('CHEM_')) return new ChemistryError(code as ChemistryErrorCode, 'x', 0);
      if (code.startsWith('FEATURISE_')) return new FeaturiseError(code as FeaturiseErrorCode, 'x');
      if (code.startsWith('RFSCORE_')) return new RfScoreError(code as RfScoreErrorCode, 'x');
      if (code.startsWith('MODEL_PACKAGE_')) return new ModelPackageError(code as ModelPackageErrorCode, 'x');
      if (code.startsWith('MODEL_')) return new ModelError(code as ModelErrorCode, 'x');
      if (code.startsWith('PREDICTOR_')) return new PredictorError(code as PredictorErrorCode, 'x');
      return new CompassError(code, 'x');
    };
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const e = make(row.code);
      expect([row.code, e.code, e.constructor.name, e.retryable]).toEqual([
        row.code,
        row.code,
        row.cells.class?.replace(/`/g, ''),
        yesNo(row.cells.retryable) === 'yes',
      ]);
    }
  });

  const appSection = '@compass/sdk: training, HTTP client, createCompass facade';
  /** Environment variable names the client and facade read: code-shaped, not codes (the page names them in prose). */
  const ENV_NAMES = ['COMPASS_API_KEY', 'COMPASS_URL'];

  it('@compass/sdk: every code of training, the client, the facade and the CLI is documented, and nothing else', () => {
    const src = join(root, 'packages/compass-sdk/src');
    const files = ['training', 'client', 'facade', 'cli', 'entries'].flatMap((d) => tsFiles(join(src, d)));
    // The other areas' codes these files raise or match on are documented in their own sections.
    const found = sourceCodes([...files, join(src, 'cli.ts'), join(src, 'index.ts')]).filter((c) =>
      /^(TRAINING|CLIENT|COMPASS)_/.test(c),
    );
    for (const name of ENV_NAMES) expect(doc).toContain(`\`${name}\``);
    expect(codesOf(section(appSection))).toEqual(found.filter((c) => !ENV_NAMES.includes(c)));
  });

  it('@compass/sdk: each documented training, client and facade error has that class and retryability', () => {
    const rows = errorRows(section(appSection));
    const make: Record<string, () => CompassError> = {
      CLIENT_CONNECTION: () => new CompassConnectionError('x'),
      CLIENT_TIMEOUT: () => new CompassTimeoutError('x'),
      CLIENT_ABORTED: () => new CompassAbortError('x'),
      CLIENT_BAD_RESPONSE: () => new CompassResponseError('x'),
      CLIENT_STREAM: () => new CompassStreamError('x'),
      COMPASS_UNAVAILABLE: () => new CompassUnavailableError([]),
      COMPASS_ENGINE_UNAVAILABLE: () => new CompassEngineUnavailableError('x'),
      COMPASS_NO_SERVER: () => new CompassNoServerError('x'),
    };
    expect(rows.length).toBe(16);
    for (const row of rows) {
      const e = make[row.code]?.() ?? new TrainingError(row.code as TrainingErrorCode, 'x');
      expect([row.code, e.code, e.constructor.name, e.retryable]).toEqual([
        row.code,
        row.code,
        row.cells.class?.replace(/`/g, ''),
        yesNo(row.cells.retryable) === 'yes',
      ]);
    }
  });

  it('@compass/sdk: every source folder is in one of the audited lists', () => {
    const audited = [
      ...['structure', 'datasets', 'scoring', 'graph', 'onnx', 'params', 'runtime', 'cache'],
      ...[
        'checkpoint',
        'chemistry',
        'featurise',
        'rfscore',
        'model',
        'model-package',
        'model-import',
        'predictor',
      ],
      ...['training', 'client', 'facade', 'cli', 'entries'],
    ].sort();
    const src = join(root, 'packages/compass-sdk/src');
    const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
    expect(folders.sort()).toEqual(audited);
  });

  it('@compass/reference-server: the table is ERROR_STATUS with its statuses, plus the v0 adapter codes', () => {
    const server = join(root, 'packages/reference-server/src');
    const sent = serverStatusTable();
    expect(Object.keys(sent).length).toBeGreaterThanOrEqual(20);
    const rows = section('@compass/reference-server');
    const http = rows.filter((r) => 'http status' in r.cells);
    expect(Object.fromEntries(http.map((r) => [r.code, r.cells['http status']]))).toEqual(sent);
    const v0 = readFileSync(join(server, 'v0/errors.ts'), 'utf8');
    const v0Codes = [
      ...(/export type V0ErrorCode = ([^;]*);/.exec(v0)?.[1] ?? '').matchAll(/'([A-Z0-9_]+)'/g),
    ].map((m) => m[1]!);
    expect(v0Codes.length).toBe(3);
    expect(codesOf(rows.filter((r) => 'v0 body' in r.cells))).toEqual([...v0Codes].sort());
  });

  it('@compass/reference-server: every code a server error is raised with is documented with its status', () => {
    const server = join(root, 'packages/reference-server/src');
    const documented = new Set(
      section('@compass/reference-server')
        .filter((r) => 'http status' in r.cells)
        .map((r) => r.code),
    );
    const raised = new Set<string>();
    for (const file of tsFiles(server).filter((f) => !f.includes('/v0/'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new (?:Server|Scale)Error\(\s*'([A-Z][A-Z0-9_]+)'/g)) raised.add(m[1]!);
    }
    expect(raised.size).toBeGreaterThanOrEqual(25);
    expect([...raised].filter((c) => !documented.has(c))).toEqual([]);
    // The scale codes are ServerError codes: the ScaleErrorCode union lists only codes of the server table.
    const scale = readFileSync(join(server, 'jobs/errors.ts'), 'utf8');
    const union = [...(/ScaleErrorCode = Extract<([^>]*)>/.exec(scale)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)];
    expect(union.length).toBe(11);
    expect(union.map((m) => m[1]!).filter((c) => !documented.has(c))).toEqual([]);
  });
});
