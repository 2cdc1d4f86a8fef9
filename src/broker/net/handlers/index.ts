/**
 * The handler table of a served broker: the broker core's handlers (Metadata, Produce, Fetch,
 * ListOffsets, InitProducerId), plus whatever other handler lists the caller brings (the admin
 * handlers, the group coordinator's). ApiVersions and SaslHandshake are the listener's own.
 *
 * Concurrency: the broker's thread.
 */
import type { AnyApiHandler, HandlerTable } from '../handler.js'
import { handlerTable } from '../handler.js'
import { fetchHandler } from './fetch.js'
import { initProducerIdHandler } from './init-producer-id.js'
import { listOffsetsHandler } from './list-offsets.js'
import { metadataHandler } from './metadata.js'
import { produceHandler } from './produce.js'
import type { ServeContext } from './served-broker.js'

/** The broker core's handlers: Metadata 0-13, Produce 3-12, Fetch 4-17, ListOffsets 1-10, InitProducerId 0-5. */
export function coreHandlers(serve: ServeContext): AnyApiHandler[] {
  return [
    metadataHandler(serve),
    produceHandler(serve.broker),
    fetchHandler(serve.broker),
    listOffsetsHandler(serve.broker),
    initProducerIdHandler(serve.broker),
  ] as AnyApiHandler[]
}

/**
 * The table a served broker's listener serves: {@link coreHandlers} and every list in `extra`.
 * @param serve - the broker and its advertised endpoints
 * @param extra - more handler lists (e.g. `adminHandlers(broker)`, `groupHandlers(...)`)
 * @throws RangeError when two handlers serve one API
 */
export function brokerHandlerTable(serve: ServeContext, extra: Iterable<readonly AnyApiHandler[]> = []): HandlerTable {
  const all = [...coreHandlers(serve)]
  for (const list of extra) all.push(...list)
  return handlerTable(all)
}

export type { Endpoint, ServeContext, ServedBroker, ServedTopic } from './served-broker.js'
