/** PostgreSQL layer for datasets and models: the one default model changes only under an advisory lock. */
import type { PoolClient } from 'pg';
import { NotFoundError } from '../../errors.js';
import { datasetSchema, modelSchema, type Dataset, type Model } from '../records.js';
import { type DatasetPatch, type NewDataset, type NewModel, type Page, type PageQuery } from '../storage.js';
import { PgTaskLayer } from './pg-task-layer.js';
import { datasetFromRow, pgModelFromRow } from './rows.js';

// Serialises every change of the default model across servers, including the case where no default row exists
// yet (which a row lock cannot cover).
const DEFAULT_MODEL_LOCK = 7_310_422;

/** Dataset and model methods of the PostgreSQL store. */
export abstract class PgCatalogLayer extends PgTaskLayer {
  async createDataset(input: NewDataset): Promise<Dataset> {
    const at = this.now();
    const ds = datasetSchema.parse({
      ...input,
      status: 'pending',
      reason: null,
      file: null,
      counts: {},
      createdAt: at,
      updatedAt: at,
    });
    await this.rows(
      `INSERT INTO datasets (id, name, description, status, reason, file, counts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, NULL, NULL, '{}', $5, $5)`,
      [ds.id, ds.name, ds.description, ds.status, at],
    );
    return ds;
  }

  async getDataset(id: string): Promise<Dataset | undefined> {
    const [row] = await this.rows('SELECT * FROM datasets WHERE id = $1', [id]);
    return row ? datasetFromRow(row) : undefined;
  }

  async listDatasets(
    query: PageQuery & { readonly status?: Dataset['status'] } = {},
  ): Promise<Page<Dataset>> {
    return query.status
      ? this.page('datasets', datasetFromRow, query, ['status = $1'], [query.status])
      : this.page('datasets', datasetFromRow, query);
  }

  async updateDataset(id: string, patch: DatasetPatch): Promise<Dataset | undefined> {
    return this.tx(async (c) => {
      const [row] = await this.rows('SELECT * FROM datasets WHERE id = $1 FOR UPDATE', [id], c);
      if (!row) return undefined;
      const next = datasetSchema.parse({ ...datasetFromRow(row), ...patch, updatedAt: this.now() });
      await this.rows(
        'UPDATE datasets SET description = $1, status = $2, reason = $3, file = $4, counts = $5, updated_at = $6 WHERE id = $7',
        [
          next.description,
          next.status,
          next.reason,
          next.file ? JSON.stringify(next.file) : null,
          JSON.stringify(next.counts),
          next.updatedAt,
          id,
        ],
        c,
      );
      return next;
    });
  }

  async deleteDataset(id: string): Promise<boolean> {
    return (await this.rows('DELETE FROM datasets WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async putModel(input: NewModel): Promise<Model> {
    const model = modelSchema.parse({ ...input, isDefault: input.isDefault ?? false, createdAt: this.now() });
    await this.tx(async (c) => {
      await this.lockDefault(c);
      const hasDefault =
        (await this.rows('SELECT 1 FROM models WHERE is_default FOR UPDATE', [], c)).length > 0;
      const makeDefault = model.isDefault || !hasDefault;
      if (makeDefault) await c.query('UPDATE models SET is_default = FALSE WHERE is_default');
      await c.query(
        `INSERT INTO models (id, name, aliases, is_default, card, package_path, sha256, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          model.id,
          model.name,
          JSON.stringify(model.aliases),
          makeDefault,
          JSON.stringify(model.card),
          model.packagePath,
          model.sha256,
          model.createdAt,
        ],
      );
      for (const a of model.aliases)
        await c.query('INSERT INTO model_aliases (alias, model_id) VALUES ($1, $2)', [a, model.id]);
    });
    return (await this.getModel(model.id)) as Model;
  }

  async getModel(idOrAlias: string): Promise<Model | undefined> {
    const [row] = await this.rows(
      'SELECT * FROM models WHERE id = $1 OR id = (SELECT model_id FROM model_aliases WHERE alias = $1)',
      [idOrAlias],
    );
    return row ? pgModelFromRow(row) : undefined;
  }

  async getDefaultModel(): Promise<Model | undefined> {
    const [row] = await this.rows('SELECT * FROM models WHERE is_default');
    return row ? pgModelFromRow(row) : undefined;
  }

  async listModels(query: PageQuery = {}): Promise<Page<Model>> {
    return this.page('models', pgModelFromRow, query);
  }

  async setDefaultModel(id: string): Promise<Model> {
    await this.tx(async (c) => {
      await this.lockDefault(c);
      if ((await this.rows('SELECT 1 FROM models WHERE id = $1 FOR UPDATE', [id], c)).length === 0)
        throw new NotFoundError('model', id);
      await c.query('UPDATE models SET is_default = FALSE WHERE is_default');
      await c.query('UPDATE models SET is_default = TRUE WHERE id = $1', [id]);
    });
    return (await this.getModel(id)) as Model;
  }

  async deleteModel(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      await this.lockDefault(c);
      const [row] = await this.rows('DELETE FROM models WHERE id = $1 RETURNING is_default', [id], c);
      if (!row) return false;
      if (row.is_default === true) {
        await c.query(
          'UPDATE models SET is_default = TRUE WHERE id = (SELECT id FROM models ORDER BY created_at DESC, id DESC LIMIT 1)',
        );
      }
      return true;
    });
  }

  private async lockDefault(c: PoolClient): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1)', [DEFAULT_MODEL_LOCK]);
  }
}
