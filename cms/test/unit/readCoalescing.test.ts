import { describe, expect, it } from 'vitest'

import { contentEvents } from '../../src/hooks/contentEvents'
import { createReadCoalescer, type SharedAnswer } from '../../src/server/publicReads/readCoalescing'

const answer = (text: string): SharedAnswer => ({
  status: 200,
  headers: new Headers({ 'content-type': 'application/json' }),
  body: Buffer.from(text),
})

/** Reads start on the next turn of the event loop (see readCoalescing.ts). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A read that completes only when the test says so, counting how often it ran. */
function gatedRead() {
  let runs = 0
  let release: (value: SharedAnswer) => void = () => {}
  let fail: (error: Error) => void = () => {}
  const read = () => {
    runs += 1
    return new Promise<SharedAnswer>((resolve, reject) => {
      release = resolve
      fail = reject
    })
  }
  return {
    read,
    runs: () => runs,
    release: (value: SharedAnswer) => release(value),
    fail: (error: Error) => fail(error),
  }
}

describe('read coalescing', () => {
  it('runs one read for identical keys in flight and gives every caller its answer', async () => {
    let joins = 0
    const coalescer = createReadCoalescer(() => (joins += 1))
    const gate = gatedRead()
    const calls = [
      coalescer.run('/posts', gate.read),
      coalescer.run('/posts', gate.read),
      coalescer.run('/posts', gate.read),
    ]
    expect(coalescer.inFlight()).toBe(1)
    expect(gate.runs()).toBe(0) // not started before the requests already waiting could join
    await nextTurn()
    gate.release(answer('[1]'))
    const results = await Promise.all(calls)
    expect(gate.runs()).toBe(1)
    expect(joins).toBe(2)
    expect(results.map((r) => r.joined)).toEqual([false, true, true])
    expect(results.every((r) => r.answer.body.toString() === '[1]')).toBe(true)
    expect(coalescer.inFlight()).toBe(0)
    coalescer.close()
  })

  it('keeps nothing once a read completes, and never mixes different keys', async () => {
    const coalescer = createReadCoalescer()
    const first = await coalescer.run('/a', async () => answer('a1'))
    const second = await coalescer.run('/a', async () => answer('a2'))
    const other = await coalescer.run('/b', async () => answer('b'))
    expect([first.answer.body.toString(), second.answer.body.toString(), other.answer.body.toString()]).toEqual([
      'a1',
      'a2',
      'b',
    ])
    expect([first.joined, second.joined, other.joined]).toEqual([false, false, false])
    coalescer.close()
  })

  it('detaches reads in flight when content changes: later requests start a fresh read', async () => {
    const coalescer = createReadCoalescer()
    const before = gatedRead()
    const early = coalescer.run('/posts', before.read)
    contentEvents.emit('change', { kind: 'collection', slug: 'posts', id: 1, operation: 'update' })
    const after = gatedRead()
    const late = coalescer.run('/posts', after.read)
    await nextTurn()
    before.release(answer('old'))
    after.release(answer('new'))
    expect((await early).answer.body.toString()).toBe('old')
    expect((await late).answer.body.toString()).toBe('new')
    expect(after.runs()).toBe(1)
    coalescer.close()
  })

  it('passes a failed read to every caller that joined it, then forgets it', async () => {
    const coalescer = createReadCoalescer()
    const gate = gatedRead()
    const calls = [coalescer.run('/x', gate.read), coalescer.run('/x', gate.read)]
    await nextTurn()
    gate.fail(new Error('database gone'))
    for (const call of calls) await expect(call).rejects.toThrow('database gone')
    const retry = await coalescer.run('/x', async () => answer('back'))
    expect(retry.answer.body.toString()).toBe('back')
    coalescer.close()
  })

  it('stops listening for changes once closed', () => {
    const before = contentEvents.listenerCount('change')
    const coalescer = createReadCoalescer()
    expect(contentEvents.listenerCount('change')).toBe(before + 1)
    coalescer.close()
    expect(contentEvents.listenerCount('change')).toBe(before)
  })
})
