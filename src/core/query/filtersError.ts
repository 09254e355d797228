import { QueryError } from './errors';

/**
 * The one error type for a label or frame filter that cannot be used: bad syntax, an invalid or too costly regular
 * expression, an unknown preset. `message` is one line a person can act on, e.g.
 * `label filter: endpoint=~"(": missing closing ) in the regular expression` — CLIs print it as is, views show it
 * beside the filter box. A QueryError: whoever handles a query's errors handles it.
 */
export class FilterError extends QueryError {
  override readonly name = 'FilterError';

  constructor(message: string) {
    super(message.replace(/[\r\n]+/g, ' '));
  }
}
