/** A query the model cannot answer (an unknown sample type, an invalid or not yet supported filter): one line for the user. */
export class QueryError extends Error {
  override readonly name: string = 'QueryError';
}
