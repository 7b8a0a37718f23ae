import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createProjectionStore, type ProjectionStore } from '../../src/server/publicReads/projectionStore'

const stores: ProjectionStore[] = []
const dirs: string[] = []
function store(maxBytes = 1024 * 1024, onWriteError?: (error: unknown) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-projection-store-'))
  dirs.push(dir)
  // A disk with room to spare, whatever this machine's: the reserve has tests of its own below.
  const created = createProjectionStore({
    maxBytes,
    dir,
    onWriteError,
    space: () => ({ free: 2 ** 40, total: 2 ** 41 }),
  })
  stores.push(created)
  return { store: created, dir }
}

afterEach(() => {
  vi.restoreAllMocks()
  for (const created of stores.splice(0)) created.close()
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('projection store', () => {
  it('gives back what was kept, per variant and document, in any script', () => {
    const { store: kept } = store()
    const card = JSON.stringify({ id: 1, title: 'Ünïcödé — 日本語 🚀', excerpt: 'x'.repeat(5000) })
    kept.set('cards', 'number:1', card)
    kept.set('cards', 'number:2', '{"id":2}')
    kept.set('full', 'number:1', '{"id":1,"content":null}')
    expect(kept.get('cards', 'number:1')).toBe(card)
    expect(kept.get('cards', 'number:2')).toBe('{"id":2}')
    expect(kept.get('full', 'number:1')).toBe('{"id":1,"content":null}')
    expect(kept.get('full', 'number:2')).toBeUndefined()
    expect(kept.get('other', 'number:1')).toBeUndefined()
    expect(kept.has('cards', 'number:2')).toBe(true)
    expect(kept.has('cards', 'string:2')).toBe(false)
    // A document kept again is read back as its latest JSON and counted once.
    kept.set('cards', 'number:2', '{"id":2,"title":"again"}')
    expect(kept.get('cards', 'number:2')).toBe('{"id":2,"title":"again"}')
    expect(kept.figures()).toMatchObject({ documents: 3, full: false })
    expect(kept.figures().bytes).toBe(
      [card, '{"id":2}', '{"id":1,"content":null}', '{"id":2,"title":"again"}'].reduce(
        (sum, json) => sum + Buffer.byteLength(json),
        0,
      ),
    )
  })

  it('leaves no file behind: it is unlinked as soon as it is open', () => {
    const { store: kept, dir } = store()
    kept.set('cards', 'number:1', '{"id":1}')
    expect(fs.readdirSync(dir)).toEqual([])
    expect(kept.get('cards', 'number:1')).toBe('{"id":1}')
  })

  it('forgets everything on clear, and writes from the start again', () => {
    const { store: kept } = store()
    kept.set('cards', 'number:1', '{"id":1,"title":"before the change"}')
    kept.clear()
    expect(kept.get('cards', 'number:1')).toBeUndefined()
    expect(kept.figures()).toEqual({ documents: 0, bytes: 0, full: false })
    kept.set('cards', 'number:1', '{"id":1}')
    expect(kept.get('cards', 'number:1')).toBe('{"id":1}')
    expect(kept.figures().bytes).toBe(8)
  })

  it('stops writing at its size until the next clear, keeping what it has', () => {
    const { store: kept } = store(100)
    expect(kept.set('cards', 'number:1', `"${'a'.repeat(58)}"`)).toBe(true)
    expect(kept.set('cards', 'number:2', `"${'b'.repeat(58)}"`)).toBe(false)
    expect(kept.figures()).toEqual({ documents: 1, bytes: 60, full: true })
    // Full: even what would fit waits for the next clear.
    expect(kept.set('cards', 'number:3', '1')).toBe(false)
    expect(kept.get('cards', 'number:1')).toBe(`"${'a'.repeat(58)}"`)
    kept.clear()
    expect(kept.set('cards', 'number:2', `"${'b'.repeat(58)}"`)).toBe(true)
  })

  it('does not keep a document of 2 MiB or more, and keeps writing others', () => {
    const { store: kept } = store(8 * 1024 * 1024)
    expect(kept.set('full', 'number:1', `"${'z'.repeat(2 * 1024 * 1024)}"`)).toBe(false)
    expect(kept.figures().full).toBe(false)
    expect(kept.set('full', 'number:2', '{"id":2}')).toBe(true)
  })

  it('stops writing when the disk refuses one, and says so once', () => {
    const errors: unknown[] = []
    const { store: kept } = store(1024 * 1024, (error) => errors.push(error))
    kept.set('cards', 'number:1', '{"id":1}')
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
    })
    expect(kept.set('cards', 'number:2', '{"id":2}')).toBe(false)
    expect(kept.set('cards', 'number:3', '{"id":3}')).toBe(false)
    expect(errors).toHaveLength(1)
    expect(kept.figures()).toMatchObject({ documents: 1, full: true })
    expect(kept.get('cards', 'number:1')).toBe('{"id":1}')
    expect(kept.get('cards', 'number:2')).toBeUndefined()
  })

  it('answers nothing once closed', () => {
    const { store: kept } = store()
    kept.set('cards', 'number:1', '{"id":1}')
    kept.close()
    expect(kept.get('cards', 'number:1')).toBeUndefined()
    expect(kept.set('cards', 'number:1', '{"id":1}')).toBe(false)
  })
})

describe('projection store: the disk it shares', () => {
  it('stops writing when the file system is down to its reserve, and says why', () => {
    const GiB = 1024 ** 3
    const reasons: unknown[] = []
    let free = 50 * GiB
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-projection-store-'))
    dirs.push(dir)
    const kept = createProjectionStore({
      maxBytes: 1024 * 1024,
      dir,
      onWriteError: (error) => reasons.push(error),
      space: () => ({ free, total: 100 * GiB }),
    })
    stores.push(kept)
    expect(kept.set('cards', 'number:1', '{"id":1}')).toBe(true)
    // Ten per cent of the disk (10 GiB) plus the next 64 MiB must stay free: 10 GiB is not enough.
    free = 10 * GiB
    kept.clear()
    expect(kept.set('cards', 'number:1', '{"id":1}')).toBe(false)
    expect(kept.figures().full).toBe(true)
    expect(String(reasons[0])).toMatch(/down to its reserve \(10240 MiB free\)/)
    // On a small disk the reserve is 1 GiB.
    const small = createProjectionStore({
      maxBytes: 1024 * 1024,
      dir,
      space: () => ({ free: 1.2 * GiB, total: 4 * GiB }),
    })
    stores.push(small)
    expect(small.set('cards', 'number:1', '{"id":1}')).toBe(true)
    const tiny = createProjectionStore({ maxBytes: 1024 * 1024, dir, space: () => ({ free: GiB, total: 4 * GiB }) })
    stores.push(tiny)
    expect(tiny.set('cards', 'number:1', '{"id":1}')).toBe(false)
  })

  it('leaves the reserve it is given instead (FAST_READ_STORE_RESERVE_BYTES), down to none', () => {
    const GiB = 1024 ** 3
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-projection-store-'))
    dirs.push(dir)
    // 5 GiB free of 100: under the default reserve (10 GiB), over a reserve of 4 GiB, under one of 5 GiB.
    const space = () => ({ free: 5 * GiB, total: 100 * GiB })
    const made = (reserveBytes?: number) => {
      const created = createProjectionStore({ maxBytes: 1024 * 1024, dir, space, reserveBytes })
      stores.push(created)
      return created.set('cards', 'number:1', '{"id":1}')
    }
    expect(made()).toBe(false)
    expect(made(4 * GiB)).toBe(true)
    expect(made(5 * GiB)).toBe(false)
    expect(made(0)).toBe(true)
  })

  it('looks at the free space again after 64 MiB written, not on every write', () => {
    let looks = 0
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-projection-store-'))
    dirs.push(dir)
    const kept = createProjectionStore({
      maxBytes: 256 * 1024 * 1024,
      dir,
      space: () => {
        looks += 1
        return { free: 100 * 1024 ** 3, total: 200 * 1024 ** 3 }
      },
    })
    stores.push(kept)
    const mebibyte = `"${'m'.repeat(1024 * 1024 - 2)}"`
    for (let n = 0; n < 65; n += 1) expect(kept.set('full', `number:${n}`, mebibyte)).toBe(true)
    expect(looks).toBe(2)
  })
})
