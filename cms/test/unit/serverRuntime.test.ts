/**
 * Every way a CMS server is launched starts it the same: the node flags and the allocator setting of
 * src/cli/serverRuntime.ts, which keep a worker's memory down. The flags are also checked for effect.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { SERVER_NODE_ARGS, serverEnv } from '../../src/cli/serverRuntime'

const root = path.resolve(import.meta.dirname, '../../..')
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8')

describe('server launch', () => {
  it('the cms start script, the Docker image and the root npm start use the same node flags', () => {
    const start = JSON.parse(read('cms/package.json')).scripts.start as string
    expect(start).toContain(
      `MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-2} node ${SERVER_NODE_ARGS.join(' ')} src/cli/start.ts`,
    )

    const dockerfile = read('cms/Dockerfile')
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1]
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...SERVER_NODE_ARGS, 'src/cli/start.ts'])
    expect(dockerfile).toMatch(/^ENV .*\bMALLOC_ARENA_MAX=2\b/m)

    const rootStart = read('scripts/start.mjs')
    expect(rootStart).toContain("from '../cms/src/cli/serverRuntime.ts'")
    expect(rootStart).toContain("[...SERVER_NODE_ARGS, 'src/cli/start.ts'")
    expect(rootStart).toContain('...serverEnv(process.env)')
  })

  it("keeps an operator's MALLOC_ARENA_MAX", () => {
    expect(serverEnv({})).toEqual({ MALLOC_ARENA_MAX: '2' })
    expect(serverEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' })
  })

  it("caps V8's young generation at 2 × 16 MB whatever the machine's memory", () => {
    const flags = SERVER_NODE_ARGS.filter((arg) => arg.startsWith('--max-semi-space-size'))
    const probe = `const v8 = require('node:v8'); let keep = []
      for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 2e5) keep = [] }
      console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)`
    const newSpace = (args: string[]) =>
      Number(execFileSync(process.execPath, [...args, '-e', probe], { encoding: 'utf8' }))
    expect(newSpace(flags)).toBeLessThanOrEqual(32 * 1024 * 1024)
    // The same garbage with a larger cap grows further: the probe measures what the flag sets. (Without
    // any flag Node 24 sizes it from the machine's memory: 2 × 64 MB on these 24 GB machines.)
    expect(newSpace(['--max-semi-space-size=64'])).toBeGreaterThan(newSpace(flags))
  })

  it('lets the old generation grow by a fixed fifth over what is live, not by a factor V8 picks', () => {
    const flags = SERVER_NODE_ARGS.filter(
      (arg) => arg.startsWith('--max-semi-space-size') || arg.startsWith('--heap-growing'),
    )
    expect(flags).toContain('--heap-growing-percent=20')
    // About 60 MB kept for the whole run, and as much again allocated and dropped, over and over.
    const probe = `const v8 = require('node:v8'); const live = []
      for (let i = 0; i < 4e5; i++) live.push({ i, s: 'live-' + i, a: [i, i + 1] })
      let peak = 0, churn = []
      for (let round = 0; round < 60; round++) {
        for (let i = 0; i < 1e5; i++) churn.push({ i, s: 'x' + i + round, a: [i] })
        if (churn.length > 3e5) churn = []
        peak = Math.max(peak, v8.getHeapStatistics().total_heap_size)
      }
      console.log(peak, live.length)`
    const peak = (args: string[]) =>
      Number(execFileSync(process.execPath, [...args, '-e', probe], { encoding: 'utf8' }).split(' ')[0])
    const bounded = peak(flags)
    // The same run allowed 4× (V8's own ceiling for a fast-allocating process): the flag is what held it.
    const loose = peak([...flags.filter((flag) => !flag.startsWith('--heap-growing')), '--heap-growing-percent=300'])
    expect(bounded).toBeLessThan(loose * 0.7)
  })
})
