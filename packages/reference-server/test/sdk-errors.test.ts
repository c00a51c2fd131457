/** The one SDK-to-server error mapping: input faults 422, model unavailable 503, anything else PREDICTION_FAILED. */
import { CompassError, PredictorError, ScoringError, StructureError } from '@compass/sdk/engine';
import { describe, expect, it } from 'vitest';
import { fromSdkError, serverCodeForSdk } from '../src/http/sdk-errors.js';

describe('fromSdkError', () => {
  it('maps each family of SDK codes to its server code and status', () => {
    const cases: [CompassError, string, number][] = [
      [new StructureError('STRUCTURE_LIGAND_FAR', 'far'), 'INVALID_STRUCTURE', 422],
      [new ScoringError('SCORING_EMPTY_LIGAND', 'empty'), 'INVALID_STRUCTURE', 422],
      [new CompassError('FEATURISE_EMPTY_LIGAND', 'no heavy atoms'), 'INVALID_STRUCTURE', 422],
      [new PredictorError('PREDICTOR_CLOSED', 'closed'), 'MODEL_UNAVAILABLE', 503],
      [new ScoringError('SCORING_VINA_UNAVAILABLE', 'no vina'), 'MODEL_UNAVAILABLE', 503],
      [new PredictorError('PREDICTOR_NON_FINITE', 'NaN'), 'PREDICTION_FAILED', 422],
      [new CompassError('GRAPH_SHAPE_MISMATCH', 'shape'), 'PREDICTION_FAILED', 422],
    ];
    expect(cases.map(([e]) => [fromSdkError(e).code, fromSdkError(e).status])).toEqual(
      cases.map(([, code, status]) => [code, status]),
    );
  });

  it('keeps the SDK code as details.cause and names the field, never copying the SDK details', () => {
    const e = new StructureError('STRUCTURE_EMPTY_POCKET', 'ligand "x" has no atoms', {
      details: { source: '/srv/secret/path.sdf' },
    });
    const mapped = fromSdkError(e, { field: 'ligand' });
    expect([mapped.message, mapped.details, mapped.cause]).toEqual([
      'ligand: ligand "x" has no atoms',
      { field: 'ligand', cause: 'STRUCTURE_EMPTY_POCKET' },
      e,
    ]);
    expect(serverCodeForSdk('PARSE_BAD_COORDINATE')).toBe('INVALID_STRUCTURE');
  });
});
