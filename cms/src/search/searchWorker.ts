/**
 * The search engine in a worker thread (searchHost.ts, `workerHost`): this thread's `processHost`
 * answers every message, so the engine, its build and its swap are the same code in either place.
 * Messages are handled in the order they were sent, so a search sent after a change sees it. A
 * search that throws answers `failed`; anything else the worker cannot handle ends it, and the host
 * rebuilds the index.
 */
import { parentPort } from 'node:worker_threads'

import { processHost, type FromWorker, type ToWorker } from './searchHost'

const port = parentPort
if (!port) throw new Error('searchWorker.ts runs as a worker thread (searchHost.ts starts it)')

const engine = processHost()
const post = (message: FromWorker) => port.postMessage(message)
const reportSize = () => post({ kind: 'size', size: engine.size() })

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'begin':
      engine.begin()
      return
    case 'add':
      engine.add(message.docs)
      return
    case 'commit':
      // processHost's commit settles at once: the size and the reply follow this message, before the next.
      void engine.commit().then(() => {
        reportSize()
        post({ kind: 'committed', id: message.id })
      })
      return
    case 'upsert':
      engine.upsert(message.doc)
      reportSize()
      return
    case 'remove':
      engine.remove(message.key)
      reportSize()
      return
    case 'search':
      engine.search(message.params).then(
        (answer) => post({ kind: 'answer', id: message.id, answer }),
        (error: unknown) =>
          post({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
      )
      return
    default:
      throw new Error(`search worker: unknown message ${JSON.stringify(message)}`)
  }
})
