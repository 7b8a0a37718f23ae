/**
 * The process policy (processErrors.ts) in a real child process: an uncaught exception and an unhandled
 * rejection inside a request are logged with that request's ID, counted in /metrics, and the request
 * still gets a 500 in the envelope instead of hanging.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { cmsDir } from '../../helpers/process'

let child: ChildProcess
let output = ''
let base: string

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'helpers', 'processErrorsApp.ts')], {
    cwd: cmsDir,
    env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 30_000)
    const check = setInterval(() => {
      const ready = /READY (\S+)/.exec(output)
      if (!ready) return
      clearInterval(check)
      clearTimeout(timer)
      resolve(ready[1])
    }, 50)
  })
}, 40_000)

afterAll(() => {
  child?.kill('SIGKILL')
})

const logLines = () =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { kind?: string; requestId?: string; msg?: string; err?: { message?: string } })

/** The child's output arrives on its own schedule: wait for a line a little while. */
async function waitForOutput(text: string) {
  for (let tries = 0; tries < 100 && !output.includes(text); tries++)
    await new Promise((resolve) => setTimeout(resolve, 20))
  expect(output).toContain(text)
}

async function expectAnswered500(path: string, id: string) {
  const response = await fetch(`${base}${path}`, { headers: { 'x-request-id': id }, signal: AbortSignal.timeout(5000) })
  expect(response.status).toBe(500)
  expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), code: 'INTERNAL' }], requestId: id })
}

describe('process error policy', () => {
  it('answers the request an uncaught exception happened in, logs it with its request ID, and asks to drain', async () => {
    await expectAnswered500('/throw', 'req-uncaught-0001')
    await waitForOutput('would drain and exit')
    const line = logLines().find((l) => l.kind === 'uncaughtException')
    expect(line).toMatchObject({ requestId: 'req-uncaught-0001', err: { message: 'Maximum call stack size exceeded' } })
  })

  it('answers the request an unhandled rejection happened in, and logs it with its request ID', async () => {
    await expectAnswered500('/reject', 'req-rejection-0001')
    await waitForOutput('"unhandledRejection"')
    expect(logLines().find((l) => l.kind === 'unhandledRejection')).toMatchObject({
      requestId: 'req-rejection-0001',
      err: { message: 'nobody awaited this' },
    })
  })

  it('counts both kinds in /metrics, and keeps serving', async () => {
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toMatch(/^process_uncaught_errors_total\{kind="uncaughtException"\} 1$/m)
    expect(text).toMatch(/^process_uncaught_errors_total\{kind="unhandledRejection"\} 1$/m)
  })
})
