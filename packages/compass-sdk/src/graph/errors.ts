/** Errors of the graph builder, autodiff and program builders. */
import { CompassError, type CompassErrorOptions } from '../errors.js';

/** Literal codes of {@link GraphError}. */
export type GraphErrorCode =
  | 'GRAPH_SHAPE_MISMATCH'
  | 'GRAPH_SYMBOLIC_BROADCAST'
  | 'GRAPH_DTYPE_MISMATCH'
  | 'GRAPH_ARITY'
  | 'GRAPH_BAD_ATTRIBUTE'
  | 'GRAPH_NO_GRADIENT'
  | 'GRAPH_FOREIGN_VALUE'
  | 'GRAPH_DUPLICATE_NAME';

const BRAND = Symbol.for('@compass/sdk/GraphError');

/** A graph could not be built: bad shapes, dtypes, arity or a gradient that does not exist. */
export class GraphError extends CompassError {
  readonly [BRAND] = true;
  declare readonly code: GraphErrorCode;

  constructor(code: GraphErrorCode, message: string, options: CompassErrorOptions = {}) {
    super(code, message, options);
  }
}

/** True when `e` is a {@link GraphError} from any copy of this package. */
export function isGraphError(e: unknown): e is GraphError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
