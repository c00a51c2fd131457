/** SQLite layer for datasets and models (exactly one default model, aliases in their own table). */
import { NotFoundError } from '../../errors.js';
import { datasetSchema, modelSchema, type Dataset, type Model } from '../records.js';
import { type DatasetPatch, type NewDataset, type NewModel, type Page, type PageQuery } from '../storage.js';
import { datasetFromRow, modelFromRow, type Row } from './rows.js';
import { SqliteTaskLayer } from './task-layer.js';

/** Dataset and model methods of the SQLite store. */
export abstract class SqliteCatalogLayer extends SqliteTaskLayer {
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
    this.db
      .prepare(
        `INSERT INTO datasets (id, name, description, status, reason, file, counts, created_at, updated_at)
         VALUES (?, ?, ?, ?, NULL, NULL, '{}', ?, ?)`,
      )
      .run(ds.id, ds.name, ds.description, ds.status, at, at);
    return ds;
  }

  async getDataset(id: string): Promise<Dataset | undefined> {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
    return row ? datasetFromRow(row) : undefined;
  }

  async listDatasets(
    query: PageQuery & { readonly status?: Dataset['status'] } = {},
  ): Promise<Page<Dataset>> {
    const where = query.status ? ['status = ?'] : [];
    return this.page('datasets', datasetFromRow, query, where, query.status ? [query.status] : []);
  }

  async updateDataset(id: string, patch: DatasetPatch): Promise<Dataset | undefined> {
    const current = await this.getDataset(id);
    if (!current) return undefined;
    const next = datasetSchema.parse({ ...current, ...patch, updatedAt: this.now() });
    this.db
      .prepare(
        'UPDATE datasets SET description = ?, status = ?, reason = ?, file = ?, counts = ?, updated_at = ? WHERE id = ?',
      )
      .run(
        next.description,
        next.status,
        next.reason,
        next.file ? JSON.stringify(next.file) : null,
        JSON.stringify(next.counts),
        next.updatedAt,
        id,
      );
    return next;
  }

  async deleteDataset(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  async putModel(input: NewModel): Promise<Model> {
    const model = modelSchema.parse({ ...input, isDefault: input.isDefault ?? false, createdAt: this.now() });
    this.db.transaction(() => {
      const hasDefault = this.db.prepare('SELECT 1 FROM models WHERE is_default = 1').get() !== undefined;
      const makeDefault = model.isDefault || !hasDefault;
      if (makeDefault) this.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
      this.db
        .prepare(
          `INSERT INTO models (id, name, aliases, is_default, card, package_path, sha256, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          model.id,
          model.name,
          JSON.stringify(model.aliases),
          makeDefault ? 1 : 0,
          JSON.stringify(model.card),
          model.packagePath,
          model.sha256,
          model.createdAt,
        );
      const alias = this.db.prepare('INSERT INTO model_aliases (alias, model_id) VALUES (?, ?)');
      for (const a of model.aliases) alias.run(a, model.id);
    })();
    return (await this.getModel(model.id)) as Model;
  }

  async getModel(idOrAlias: string): Promise<Model | undefined> {
    const row = this.db
      .prepare(
        'SELECT * FROM models WHERE id = ? OR id = (SELECT model_id FROM model_aliases WHERE alias = ?)',
      )
      .get(idOrAlias, idOrAlias) as Row | undefined;
    return row ? modelFromRow(row) : undefined;
  }

  async getDefaultModel(): Promise<Model | undefined> {
    const row = this.db.prepare('SELECT * FROM models WHERE is_default = 1').get() as Row | undefined;
    return row ? modelFromRow(row) : undefined;
  }

  async listModels(query: PageQuery = {}): Promise<Page<Model>> {
    return this.page('models', modelFromRow, query);
  }

  async setDefaultModel(id: string): Promise<Model> {
    this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(id)) throw new NotFoundError('model', id);
      this.db.prepare('UPDATE models SET is_default = 0 WHERE is_default = 1').run();
      this.db.prepare('UPDATE models SET is_default = 1 WHERE id = ?').run(id);
    })();
    return (await this.getModel(id)) as Model;
  }

  async deleteModel(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db.prepare('DELETE FROM models WHERE id = ? RETURNING is_default').get(id) as
        Row | undefined;
      if (!row) return false;
      if (row.is_default === 1) {
        this.db
          .prepare(
            'UPDATE models SET is_default = 1 WHERE id = (SELECT id FROM models ORDER BY created_at DESC, id DESC LIMIT 1)',
          )
          .run();
      }
      return true;
    })();
  }
}
