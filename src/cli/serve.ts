/**
 * `kafka-lite-log serve <dir>`: opens (creating if needed) a broker directory and serves it to
 * Kafka clients on a TCP port until SIGINT or SIGTERM, then closes it cleanly (the listener first,
 * so long polls end, then every partition's log). Prints one JSON line once listening: the bound
 * address, the endpoint advertised to clients, the cluster id and the node id. The broker code
 * loads only for this command.
 */

/** What `serve` needs from the command line. */
export interface ServeArgs {
  dir: string
  host: string
  port: number
  advertisedHost: string | undefined
  /** `BrokerOptions.maxPartitions`; the broker's default when undefined. */
  maxPartitions: number | undefined
}

/**
 * Runs the broker until `signal` aborts.
 * @param out - prints one line
 * @returns the exit code (0 after a clean close)
 */
export async function serve(args: ServeArgs, out: (line: string) => void, signal: AbortSignal): Promise<number> {
  const { Broker } = await import('../broker/index.js')
  const broker = await Broker.open(args.dir, args.maxPartitions === undefined ? {} : { maxPartitions: args.maxPartitions })
  try {
    const address = await broker.listen({
      host: args.host,
      port: args.port,
      ...(args.advertisedHost === undefined ? {} : { advertisedHost: args.advertisedHost }),
    })
    out(
      JSON.stringify({
        host: address.host,
        port: address.port,
        advertisedHost: args.advertisedHost ?? args.host,
        clusterId: broker.clusterId,
        nodeId: broker.nodeId,
      }),
    )
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
  } finally {
    await broker.close()
  }
  return 0
}
