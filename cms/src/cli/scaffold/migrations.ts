/**
 * Schema follow-ups of a new collection or block, made by Payload's own generators so they match
 * what `payload migrate:create` and `payload generate:types` would write by hand: one migration per
 * SQL adapter (from the latest committed snapshot to the config as it now is) and payload-types.ts.
 * migrate:create never connects (Payload inits without a database connection for it), so the
 * scratch URLs below only pick the adapter; nothing is created on any server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'

import { childProcessEnv } from '../../env'
import { TARGETS } from './paths'
import type { FileTransaction } from './transaction'

const SCRATCH_URLS = {
  sqlite: () => `file:${path.join(os.tmpdir(), `mspn-scaffold-${process.pid}.db`)}`,
  postgres: () => 'postgres://scaffold@127.0.0.1:5432/mspn_scaffold_scratch',
} as const

export type SqlKind = keyof typeof SCRATCH_URLS

const running = new Set<ChildProcess>()

/** Stops generators still running (on Ctrl-C, before the rollback). */
export function stopGenerators(): void {
  for (const child of running) child.kill('SIGTERM')
}

/** Runs Payload's CLI in cms/ with a scratch adapter URL; rejects with its output when it fails. */
function payloadCli(root: string, args: string[], databaseUrl: string): Promise<void> {
  return run(root, [path.join(root, 'node_modules/payload/bin.js'), ...args], databaseUrl)
}

/** Runs a Node program in cms/ (a generator); rejects with its output when it fails. */
function run(root: string, args: string[], databaseUrl = SCRATCH_URLS.sqlite()): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: path.join(root, 'cms'),
      env: childProcessEnv({
        DATABASE_URL: databaseUrl,
        // Any value: generators never sign anything, but the config refuses to build without one.
        PAYLOAD_SECRET: 'scaffold-generator-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
        // Outside production Payload also regenerates payload-types.ts on start, in a process it does
        // not wait for (it could write after a rollback); the types get their own step instead.
        NODE_ENV: 'production',
        APP_ENV: 'development',
      }),
      // No terminal: a prompt from the generator (nothing changed?) cancels instead of waiting.
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.add(child)
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      running.delete(child)
      if (code === 0) resolve()
      else
        reject(
          new Error(
            `${args.map((arg) => path.basename(arg)).join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.trim().split('\n').slice(-20).join('\n')}`,
          ),
        )
    })
  })
}

/** Generates the migration `name` for one SQL adapter; returns the files it wrote. */
export async function createMigration(tx: FileTransaction, kind: SqlKind, name: string): Promise<string[]> {
  const dir = TARGETS.migrations[kind]
  const done = tx.watch(dir, [`${dir}/index.ts`])
  await payloadCli(tx.root, ['migrate:create', name], SCRATCH_URLS[kind]())
  const created = done()
  if (!created.some((file) => file.endsWith('.ts')))
    throw new Error(`payload migrate:create wrote no ${kind} migration: the schema did not change.`)
  return created
}

/** Regenerates cms/src/payload-types.ts from the config. */
export async function generateTypes(tx: FileTransaction): Promise<void> {
  tx.protect(TARGETS.payloadTypes)
  await payloadCli(tx.root, ['generate:types'], SCRATCH_URLS.sqlite())
}

/** Regenerates the site's block schemas and the registry's BLOCKS from the block configs (`npm run generate:blocks`). */
export async function generateBlocks(tx: FileTransaction): Promise<void> {
  for (const file of TARGETS.generatedBlocks) tx.protect(file)
  await run(tx.root, [path.join(tx.root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/generateBlockSchemas.ts'])
}
