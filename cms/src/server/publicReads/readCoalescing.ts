/**
 * Request coalescing for anonymous reads of published content. When identical public reads
 * arrive while one is already being answered by Payload, they wait for that answer instead of
 * each running the same queries: a burst on a popular list costs one database read, cache or
 * not (the response cache then keeps it; with the cache off, or on a cold or just-purged cache,
 * this is what stops the stampede).
 *
 * Nothing is kept once the read completes. A content change detaches every read in flight, so a
 * request that arrives after a change never joins a read that started before it.
 */
import { contentEvents } from '../../hooks/contentEvents'

/** A materialised Payload answer that several requests can be given. */
export interface SharedAnswer {
  status: number
  headers: Headers
  body: Buffer
}

export interface ReadCoalescer {
  /**
   * Runs `read` for `key`, or joins the run already in flight for it. `joined` says whether the
   * answer came from another request's run. Rejections reach every caller that joined.
   */
  run: (key: string, read: () => Promise<SharedAnswer>) => Promise<{ answer: SharedAnswer; joined: boolean }>
  /** Reads in flight (for tests and metrics). */
  inFlight: () => number
  close: () => void
}

export function createReadCoalescer(onJoin: () => void = () => {}): ReadCoalescer {
  const flights = new Map<string, Promise<SharedAnswer>>()
  const detachAll = () => flights.clear()
  contentEvents.on('change', detachAll)

  return {
    async run(key, read) {
      const current = flights.get(key)
      if (current) {
        onJoin()
        return { answer: await current, joined: true }
      }
      // The read starts on the next turn of the event loop, after the requests already waiting on
      // their sockets have been parsed: under load they join it instead of queueing behind it. With
      // a synchronous driver (SQLite) a read never yields, so without this nothing would overlap.
      const flight = new Promise<void>((resolve) => setImmediate(resolve)).then(read)
      flights.set(key, flight)
      try {
        return { answer: await flight, joined: false }
      } finally {
        if (flights.get(key) === flight) flights.delete(key)
      }
    },
    inFlight: () => flights.size,
    close: () => {
      contentEvents.off('change', detachAll)
      flights.clear()
    },
  }
}
