import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runSteps } from '../../../src/cli/scaffold'
import { FileTransaction, inTransaction } from '../../../src/cli/scaffold/transaction'

let root: string

/** Every file under root with its content: the tree a rollback must give back. */
function snapshot(dir = root): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(out, snapshot(full), { [`${path.relative(root, full)}/`]: '' })
    else out[path.relative(root, full)] = fs.readFileSync(full, 'utf8')
  }
  return out
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-tx-'))
  fs.mkdirSync(path.join(root, 'src/migrations'), { recursive: true })
  fs.writeFileSync(path.join(root, 'src/config.ts'), 'export const list = [A]\n')
  fs.writeFileSync(path.join(root, 'src/migrations/index.ts'), 'export const migrations = []\n')
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

describe('scaffold file transaction', () => {
  it('keeps every change when the work succeeds, and reports what it created and changed', async () => {
    const { changes } = await inTransaction(root, async (tx) => {
      tx.create('src/collections/Things/index.ts', 'export const Things = {}\n')
      tx.edit('src/config.ts', (text) => text.replace('[A]', '[A, Things]'))
    })
    expect(fs.readFileSync(path.join(root, 'src/config.ts'), 'utf8')).toBe('export const list = [A, Things]\n')
    expect(changes).toEqual([
      { path: 'src/collections/Things/index.ts', kind: 'created' },
      { path: 'src/config.ts', kind: 'changed' },
    ])
  })

  it('leaves the tree exactly as it was when a step fails midway, generated files and new folders included', async () => {
    const before = snapshot()
    const failing = runSteps(
      root,
      [
        ['create', (tx) => tx.create('src/collections/Things/index.ts', 'export const Things = {}\n')],
        ['edit', (tx) => tx.edit('src/config.ts', (text) => text.replace('[A]', '[A, Things]'))],
        [
          'generator',
          async (tx) => {
            // Like payload migrate:create: writes files of its own and rewrites the index, then dies.
            tx.watch('src/migrations', ['src/migrations/index.ts'])
            fs.writeFileSync(path.join(root, 'src/migrations/20260101_things.ts'), 'up\n')
            fs.writeFileSync(path.join(root, 'src/migrations/index.ts'), 'changed\n')
            throw new Error('injected failure')
          },
        ],
      ],
      () => undefined,
    )
    await expect(failing).rejects.toThrow('injected failure')
    expect(snapshot()).toEqual(before)
  })

  it('refuses to overwrite an existing file, and an edit whose landmark is gone', () => {
    const tx = new FileTransaction(root)
    expect(() => tx.create('src/config.ts', 'x')).toThrow(/already exists/)
    expect(() => tx.edit('src/config.ts', (text) => text)).toThrow(/expected place to edit was not found/)
    expect(fs.readFileSync(path.join(root, 'src/config.ts'), 'utf8')).toBe('export const list = [A]\n')
  })

  it('rolls back on SIGINT before exiting', async () => {
    const before = snapshot()
    const exits: Array<number | undefined> = []
    const realExit = process.exit
    process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit
    try {
      await inTransaction(root, async (tx) => {
        tx.create('src/collections/Things/index.ts', 'x\n')
        tx.edit('src/config.ts', (text) => `${text}// more\n`)
        process.emit('SIGINT', 'SIGINT')
      })
    } finally {
      process.exit = realExit
    }
    expect(exits).toEqual([130])
    expect(snapshot()).toEqual(before)
  })
})
