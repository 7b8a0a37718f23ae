/**
 * Projections kept on disk, behind the fast read's in-memory LRU (fastRead.ts): a large site's public
 * documents do not fit in FAST_READ_MAX_BYTES, and a document the LRU dropped cost a Payload
 * population again (its query, relation targets and read hooks: about 75 µs of the request thread a
 * card at 100,000 posts). Read back from here, it costs one positioned read of its JSON.
 *
 * One append-only file per process, unlinked as soon as it is open: it lives exactly as long as the
 * process (a crash leaves nothing behind) and is never shared, so no other process's view of it needs
 * keeping. The index (variant → document → where its JSON is) stays in memory; `clear()` empties both,
 * and the fast read calls it on every content change, as it empties its LRU (the same epoch rule).
 * A database (SQLite) would add a B-tree and a journal for data that is thrown away on every change
 * and never needed after a restart: an offset per document is all this needs.
 *
 * Writes stop, until the next clear, when the file would pass `maxBytes`, when its file system's free
 * space falls to a reserve (`reserveBytes`, by default the larger of 1 GiB and a tenth of it; looked at
 * every 64 MiB written: the database may share that disk and must not be the one to run out), or when
 * the disk refuses one
 * (ENOSPC and the like): then documents are filled from Payload as before, and nothing fails.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A document's JSON longer than this is not kept here (2 MiB: offset and length share one safe integer). */
const MAX_ENTRY_BYTES = 2 ** 21
/** The file's largest size this packing allows (4 GiB). */
export const MAX_STORE_BYTES = 2 ** 32
/** Free space is looked at again after this much has been written. */
const SPACE_CHECK_BYTES = 64 * 1024 * 1024
/** Space left free on the file system unless told otherwise: the larger of these. */
const RESERVE_BYTES = 1024 * 1024 * 1024
const RESERVE_SHARE = 0.1

export interface ProjectionStore {
  /** The JSON kept for `id` in `variant`, or undefined. */
  get: (variant: string, id: string) => string | undefined
  /** Keeps `json` for `id` in `variant` (replacing what was kept); false when it was not kept (full, too large). */
  set: (variant: string, id: string, json: string) => boolean
  has: (variant: string, id: string) => boolean
  /** Forgets every document and empties the file. */
  clear: () => void
  /** Documents kept, bytes of the file, and whether writes have stopped until the next clear. */
  figures: () => { documents: number; bytes: number; full: boolean }
  close: () => void
}

export interface ProjectionStoreOptions {
  maxBytes: number
  /** Where the (immediately unlinked) file is made: the OS's temporary directory by default. */
  dir?: string
  /** Told once per clear when writes stop because the disk refused one or its free space reached the reserve. */
  onWriteError?: (error: unknown) => void
  /** The file system's free and total bytes (tests); fs.statfsSync of `dir` by default. */
  space?: () => { free: number; total: number }
  /** Bytes the store leaves free on its file system; by default the larger of 1 GiB and a tenth of it. */
  reserveBytes?: number
}

export function createProjectionStore({
  maxBytes,
  dir = os.tmpdir(),
  onWriteError,
  space = () => {
    const stats = fs.statfsSync(dir)
    return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize }
  },
  reserveBytes,
}: ProjectionStoreOptions): ProjectionStore {
  const limit = Math.min(maxBytes, MAX_STORE_BYTES)
  const file = path.join(dir, `mspn-projections-${process.pid}-${Math.random().toString(36).slice(2)}`)
  let fd: number | undefined = fs.openSync(file, 'w+', 0o600)
  fs.unlinkSync(file)
  /** variant → document key → offset × 2^21 + length. */
  const index = new Map<string, Map<string, number>>()
  let end = 0
  let documents = 0
  let full = false
  /** Where the file ends when free space is looked at next. */
  let spaceCheckAt = 0

  /** Whether SPACE_CHECK_BYTES more may be written without passing the reserve. */
  const roomOnDisk = (): boolean => {
    try {
      const { free, total } = space()
      if (free - SPACE_CHECK_BYTES >= (reserveBytes ?? Math.max(RESERVE_BYTES, total * RESERVE_SHARE))) return true
      onWriteError?.(
        new Error(`the disk of ${dir} is down to its reserve (${Math.round(free / 1024 / 1024)} MiB free)`),
      )
    } catch (error) {
      onWriteError?.(error)
    }
    return false
  }

  const clear = () => {
    index.clear()
    documents = 0
    full = false
    spaceCheckAt = 0
    if (fd === undefined || end === 0) return
    end = 0
    try {
      fs.ftruncateSync(fd, 0)
    } catch {
      // The offsets start again from 0 and overwrite what is there: a failed truncate only keeps the space.
    }
  }

  return {
    get(variant, id) {
      const packed = index.get(variant)?.get(id)
      if (packed === undefined || fd === undefined) return undefined
      const length = packed % MAX_ENTRY_BYTES
      const buffer = Buffer.allocUnsafe(length)
      if (fs.readSync(fd, buffer, 0, length, (packed - length) / MAX_ENTRY_BYTES) !== length) return undefined
      return buffer.toString('utf8')
    },
    set(variant, id, json) {
      if (full || fd === undefined) return false
      const bytes = Buffer.from(json, 'utf8')
      if (bytes.length >= MAX_ENTRY_BYTES) return false
      if (end + bytes.length > limit) {
        full = true
        return false
      }
      if (end >= spaceCheckAt) {
        if (!roomOnDisk()) {
          full = true
          return false
        }
        spaceCheckAt = end + SPACE_CHECK_BYTES
      }
      try {
        fs.writeSync(fd, bytes, 0, bytes.length, end)
      } catch (error) {
        full = true
        onWriteError?.(error)
        return false
      }
      let documentsOf = index.get(variant)
      if (!documentsOf) index.set(variant, (documentsOf = new Map()))
      if (!documentsOf.has(id)) documents += 1
      documentsOf.set(id, end * MAX_ENTRY_BYTES + bytes.length)
      end += bytes.length
      return true
    },
    has: (variant, id) => index.get(variant)?.has(id) ?? false,
    clear,
    figures: () => ({ documents, bytes: end, full }),
    close() {
      index.clear()
      documents = 0
      if (fd !== undefined) fs.closeSync(fd)
      fd = undefined
    },
  }
}
