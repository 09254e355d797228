// The functions table's group columns are asked for the label the page's graph is grouped by. The label can change
// while the request is in flight (the panel's new graph is then on its way): a reply for another label would put the
// new label's columns beside the old graph, so it is dropped, as is one that comes after the page moved on.
import type { TableGroups } from '../../../src/shared/flamegraphProtocol';

/**
 * Whether a reply to "the group columns of `asked`" may be shown beside a graph grouped by `shown`.
 * @param reply undefined when the panel is not grouped (any more)
 */
export function groupColumnsFit(asked: string, shown: string | undefined, reply: TableGroups | undefined): reply is TableGroups {
  return reply !== undefined && reply.key === asked && shown === asked;
}
