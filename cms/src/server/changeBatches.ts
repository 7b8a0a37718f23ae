/**
 * Content-change events gathered into batches for a webhook, delivered one batch at a time and in
 * order. Shared by the site's cache purge (a short window opened by the first change) and the
 * static-export build hook (debounced: every change restarts the window). `stop` unsubscribes and
 * delivers what is pending, so a change just before a restart is not lost.
 */
import type { ContentChange } from '@mspn/contract'

import { contentEvents } from '../hooks/contentEvents'

export interface ChangeBatches {
  /** Delivers what is pending now; resolves when every batch so far is delivered or given up. */
  flush: () => Promise<void>
  stop: () => Promise<void>
}

export interface ChangeBatchOptions {
  /** `change`: every create, update or delete; `published`: changes to published content only. */
  event: 'change' | 'published'
  /** Changes worth sending (private collections never leave the CMS). */
  accept: (change: ContentChange) => boolean
  waitMs: number
  /** Restart the window on every change (one delivery per burst) instead of closing it `waitMs` after the first. */
  debounce: boolean
  /** Sends one batch; must not throw (report failures itself). */
  deliver: (changes: ContentChange[]) => Promise<void>
}

export function batchContentChanges({ event, accept, waitMs, debounce, deliver }: ChangeBatchOptions): ChangeBatches {
  let pending: ContentChange[] = []
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()

  function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    const changes = pending
    pending = []
    if (changes.length > 0) inFlight = inFlight.then(() => deliver(changes))
    return inFlight
  }

  const onChange = (change: ContentChange) => {
    if (!accept(change)) return
    pending.push(change)
    if (debounce) {
      clearTimeout(timer)
      timer = undefined
    }
    timer ??= setTimeout(() => void flush(), waitMs)
  }
  contentEvents.on(event, onChange)

  return {
    flush,
    stop: async () => {
      contentEvents.off(event, onChange)
      await flush()
    },
  }
}
