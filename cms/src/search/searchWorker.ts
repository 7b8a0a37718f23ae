/**
 * The search engine in a worker thread (searchHost.ts, `workerHost`): one MiniSearch engine that
 * answers, and during a build a fresh one that replaces it on commit. Messages are handled in the
 * order they were sent, so a search sent after a change sees it. A search that throws answers
 * `failed`; anything else the worker cannot handle ends it, and the host rebuilds the index.
 */
import { parentPort } from 'node:worker_threads'

import { createSearchEngine, removeDocument, runSearch, upsertDocument, type SearchEngine } from '@mspn/contract/search'

import type { FromWorker, ToWorker } from './searchHost'

const port = parentPort
if (!port) throw new Error('searchWorker.ts runs as a worker thread (searchHost.ts starts it)')

let live: SearchEngine = createSearchEngine()
let fresh: SearchEngine | null = null
const post = (message: FromWorker) => port.postMessage(message)

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'begin':
      fresh = createSearchEngine()
      return
    case 'add':
      if (!fresh) throw new Error('search worker: documents added before a build began')
      for (const doc of message.docs) upsertDocument(fresh, doc)
      return
    case 'commit':
      if (fresh) live = fresh
      fresh = null
      post({ kind: 'size', size: live.documentCount })
      post({ kind: 'committed', id: message.id })
      return
    case 'upsert':
      upsertDocument(live, message.doc)
      post({ kind: 'size', size: live.documentCount })
      return
    case 'remove':
      removeDocument(live, message.key)
      post({ kind: 'size', size: live.documentCount })
      return
    case 'search':
      try {
        post({ kind: 'answer', id: message.id, answer: runSearch(live, message.params) })
      } catch (error) {
        post({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) })
      }
      return
    default:
      throw new Error(`search worker: unknown message ${JSON.stringify(message)}`)
  }
})
