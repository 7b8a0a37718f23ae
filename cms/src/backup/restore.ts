/**
 * `runRestore`: an archive into the database Payload is connected to (migrations already applied),
 * on SQLite or PostgreSQL whatever the archive was taken on. The whole archive is extracted and
 * checked before anything is written (checksums, completeness, schema, empty target); the rows then
 * go in one transaction, and the media files are copied only after it committed. A refusal writes nothing.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { eq, sql } from 'drizzle-orm'
import type { Payload } from 'payload'

import type { MediaS3 } from '../env'
import { refreshPlannerStatistics } from '../database'
import { extractArchive } from './archive'
import { FORMAT, FORMAT_VERSION, MANIFEST_NAME, type GroupManifest, type Manifest } from './backup'
import { BackupError } from './backupError'
import { differingMediaObjects, putMediaObjects } from './mediaBucket'
import type { ProgressListener } from './progress'
import {
  appliedMigrations,
  canonicalJson,
  countRows,
  describeTables,
  migrationFeature,
  MIGRATIONS_TABLE,
  readTable,
  sqlAdapter,
  withSnapshot,
  withWriteTransaction,
  type Db,
  type Row,
  type TableInfo,
} from './tables'

export interface RestoreOptions {
  payload: Payload
  file: string
  /** Where the media files go (MEDIA_DIR). */
  mediaDir: string
  /** The bucket media go to instead (env.media.s3); unset, they go to mediaDir. */
  mediaBucket?: MediaS3
  passphrase?: string
  /** Empty a non-empty target first (in the same transaction). */
  replace?: boolean
  /** Compare every row with the archive after restoring. */
  verify?: boolean
  onProgress?: ProgressListener
}

export interface RestoreResult {
  manifest: Manifest
  rows: number
  mediaFiles: number
  /** Rows compared when verifying. */
  verified?: number
  durationMs: number
}

/** Archive entries `media/<key>` → object keys. */
const mediaKeys = (entries: string[]) => entries.map((name) => name.slice('media/'.length))

function groupsOf(manifest: Manifest): [string, GroupManifest][] {
  return [
    ...Object.entries(manifest.collections ?? {}),
    ...Object.entries(manifest.globals ?? {}),
    ...Object.entries(manifest.other ?? {}),
  ]
}

function readManifest(file: string | undefined): Manifest {
  if (!file)
    throw new BackupError(
      'ARCHIVE_TRUNCATED',
      `the archive has no ${MANIFEST_NAME}: it is truncated or not an MSPN backup`,
    )
  let manifest: Manifest
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest
  } catch {
    throw new BackupError('ARCHIVE_DAMAGED', `${MANIFEST_NAME} is not valid JSON`)
  }
  if (manifest?.format !== FORMAT || typeof manifest.entries !== 'object' || !manifest.schema?.tables) {
    throw new BackupError('ARCHIVE_DAMAGED', 'not an MSPN backup (unknown manifest format)')
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new BackupError(
      'NEWER_SCHEMA',
      `the archive uses backup format ${manifest.formatVersion}; this version reads up to ${FORMAT_VERSION}: upgrade first`,
    )
  }
  return manifest
}

/**
 * Insertion order: referenced tables first (a topological order of the tables' strongly connected
 * components). Inside a cycle, and for a table referencing itself, the references to tables not yet
 * written are inserted empty and set once every row is in (they must be nullable, as Payload's are).
 */
export function insertionPlan(tables: TableInfo[]): { order: TableInfo[]; deferred: Map<string, string[]> } {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const edges = (t: TableInfo) => [...new Set(t.references.map((r) => r.table).filter((name) => byName.has(name)))]
  // Tarjan: components come out referenced-first, which is the order rows must be written in.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let counter = 0
  const visit = (name: string) => {
    index.set(name, counter)
    low.set(name, counter)
    counter += 1
    stack.push(name)
    onStack.add(name)
    for (const next of edges(byName.get(name)!)) {
      if (!index.has(next)) {
        visit(next)
        low.set(name, Math.min(low.get(name)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(name, Math.min(low.get(name)!, index.get(next)!))
    }
    if (low.get(name) === index.get(name)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== name)
      components.push(component.sort())
    }
  }
  for (const t of tables) if (!index.has(t.name)) visit(t.name)
  const order: TableInfo[] = []
  const deferred = new Map<string, string[]>()
  const placed = new Set<string>()
  for (const component of components) {
    for (const name of component) {
      const info = byName.get(name)!
      const later = info.references.filter(
        (r) => component.includes(r.table) && (r.table === name || !placed.has(r.table)),
      )
      const required = later.find((r) => r.notNull)
      if (required)
        throw new Error(`cannot order tables for restore: ${name}.${required.key} closes a cycle and is required`)
      if (later.length > 0) deferred.set(name, [...new Set(later.map((r) => r.key))])
      order.push(info)
      placed.add(name)
    }
  }
  return { order, deferred }
}

async function* lines(file: string): AsyncGenerator<string> {
  const reader = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })
  for await (const line of reader) if (line.length > 0) yield line
}

/** Splits the per-collection files into one file per table, checking tables, columns and counts. */
async function splitByTable(
  manifest: Manifest,
  scratch: string,
  known: Map<string, TableInfo>,
): Promise<Map<string, { file: string; rows: number }>> {
  const byTable = new Map<string, { file: string; rows: number; stream: fs.WriteStream }>()
  const tablesDir = path.join(scratch, '.tables')
  fs.mkdirSync(tablesDir, { recursive: true })
  for (const [slug, group] of groupsOf(manifest)) {
    const seen: Record<string, number> = {}
    for await (const line of lines(path.join(scratch, group.file))) {
      let parsed: { table?: unknown; row?: unknown }
      try {
        parsed = JSON.parse(line)
      } catch {
        throw new BackupError('ARCHIVE_DAMAGED', `${group.file}: a line is not valid JSON`)
      }
      const table = typeof parsed.table === 'string' ? parsed.table : ''
      const info = known.get(table)
      if (!info || !parsed.row || typeof parsed.row !== 'object') {
        throw new BackupError(
          'NEWER_SCHEMA',
          `${group.file}: table "${table}" is not known to this version: upgrade first`,
        )
      }
      for (const key of Object.keys(parsed.row)) {
        if (!(key in info.columns)) {
          throw new BackupError(
            'NEWER_SCHEMA',
            `${group.file}: column "${table}.${key}" is not known to this version: upgrade first`,
          )
        }
      }
      let target = byTable.get(table)
      if (!target) {
        const file = path.join(tablesDir, `${table}.jsonl`)
        target = { file, rows: 0, stream: fs.createWriteStream(file) }
        byTable.set(table, target)
      }
      if (!target.stream.write(`${JSON.stringify(parsed.row)}\n`)) {
        await new Promise<void>((resolve) => target!.stream.once('drain', () => resolve()))
      }
      target.rows += 1
      seen[table] = (seen[table] ?? 0) + 1
    }
    for (const [table, count] of Object.entries(group.tables ?? {})) {
      if ((seen[table] ?? 0) !== count) {
        throw new BackupError(
          'ARCHIVE_DAMAGED',
          `${slug}: ${seen[table] ?? 0} rows of ${table} in the archive, the manifest says ${count}`,
        )
      }
    }
  }
  await Promise.all(
    [...byTable.values()].map(
      (t) =>
        new Promise<void>((resolve, reject) =>
          t.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
        ),
    ),
  )
  return new Map([...byTable].map(([name, t]) => [name, { file: t.file, rows: t.rows }]))
}

/** Extracts, then checks everything that can be checked without writing. */
async function openArchive(options: RestoreOptions, scratch: string, tables: TableInfo[]) {
  const progress = options.onProgress ?? (() => undefined)
  const extracted = await extractArchive(options.file, scratch, options.passphrase)
  const manifest = readManifest(extracted.get(MANIFEST_NAME)?.path)
  const names = Object.keys(manifest.entries)
  names.forEach((name, index) => {
    const found = extracted.get(name)
    if (!found) throw new BackupError('ARCHIVE_TRUNCATED', `the archive is truncated: "${name}" is missing`)
    const expected = manifest.entries[name]!
    if (found.sha256 !== expected.sha256 || found.size !== expected.bytes) {
      throw new BackupError('ARCHIVE_TAMPERED', `checksum mismatch for "${name}": the archive was altered or damaged`)
    }
    progress({
      phase: 'check',
      item: name,
      itemDone: 1,
      itemTotal: 1,
      done: index + 1,
      total: names.length,
      bytes: found.size,
      detail: true,
    })
  })
  for (const name of extracted.keys()) {
    if (name !== MANIFEST_NAME && !(name in manifest.entries)) {
      throw new BackupError('ARCHIVE_TAMPERED', `"${name}" is in the archive but not in its manifest`)
    }
  }
  for (const [, group] of groupsOf(manifest)) {
    if (!(group.file in manifest.entries))
      throw new BackupError('ARCHIVE_DAMAGED', `${group.file} is not listed in the manifest`)
  }
  const known = new Map(tables.map((t) => [t.name, t]))
  const mediaEntries = names.filter((name) => name.startsWith('media/'))
  return { manifest, known, mediaEntries }
}

async function insertRows(db: Db, info: TableInfo, rows: Row[], deferredKeys: string[]): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(info.columns).length
  const perStatement = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(columns, 1))))
  const values = rows.map((row) => {
    const copy: Row = { ...row }
    for (const key of deferredKeys) copy[key] = null
    return copy
  })
  for (let i = 0; i < values.length; i += perStatement) {
    await db.insert(info.table as any).values(values.slice(i, i + perStatement))
  }
}

export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now()
  const { kind } = sqlAdapter(options.payload)
  const progress = options.onProgress ?? (() => undefined)
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-restore-'))
  try {
    const tables = describeTables(options.payload)
    const { manifest, known, mediaEntries } = await openArchive(options, scratch, tables)

    // Schema: the target must know every migration the archive's database had applied.
    const here = await withSnapshot(options.payload, (db) => appliedMigrations(db, tables))
    const hereFeatures = new Set(here.map(migrationFeature))
    const unknown = manifest.migrations.filter((name) => !hereFeatures.has(migrationFeature(name)))
    if (unknown.length > 0) {
      throw new BackupError(
        'NEWER_SCHEMA',
        `the archive comes from a newer schema: migration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} unknown here; upgrade this installation first`,
      )
    }
    const split = await splitByTable(manifest, scratch, known)

    const dataTables = tables.filter((t) => t.name !== MIGRATIONS_TABLE)
    if (!options.replace) {
      const occupied = await withSnapshot(options.payload, async (db) => {
        const found: string[] = []
        for (const info of dataTables) if ((await countRows(db, info)) > 0) found.push(info.name)
        return found
      })
      if (occupied.length > 0) {
        throw new BackupError(
          'TARGET_NOT_EMPTY',
          `the target database is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}): restore into an empty database, or pass --replace to overwrite it`,
        )
      }
    }

    const { order, deferred } = insertionPlan(dataTables)
    const total = [...split.values()].reduce((sum, t) => sum + t.rows, 0)
    let done = 0
    await withWriteTransaction(options.payload, async (db) => {
      if (options.replace) {
        for (const info of [...order].reverse()) await db.delete(info.table as any)
      }
      const later: { info: TableInfo; keys: string[]; rows: Row[] }[] = []
      for (const info of order) {
        const source = split.get(info.name)
        if (!source) continue
        const keys = deferred.get(info.name) ?? []
        let batch: Row[] = []
        const pendingUpdates: Row[] = []
        let itemDone = 0
        const flush = async () => {
          await insertRows(db, info, batch, keys)
          itemDone += batch.length
          done += batch.length
          progress({ phase: 'write', item: info.name, itemDone, itemTotal: source.rows, done, total, bytes: 0 })
          batch = []
        }
        for await (const line of lines(source.file)) {
          const row = JSON.parse(line) as Row
          batch.push(row)
          if (keys.some((key) => row[key] !== null && row[key] !== undefined)) pendingUpdates.push(row)
          if (batch.length >= 1000) await flush()
        }
        await flush()
        if (pendingUpdates.length > 0) later.push({ info, keys, rows: pendingUpdates })
      }
      for (const { info, keys, rows } of later) {
        const table = info.table as any
        for (const row of rows) {
          const set: Row = {}
          for (const key of keys) set[key] = row[key] ?? null
          await db.update(table).set(set).where(eq(table.id, row.id))
        }
      }
      if (kind === 'postgres') {
        // Explicit IDs leave the serial sequences behind: the next document would collide.
        for (const info of order) {
          if (!info.hasId || !info.columns.id!.columnType.includes('Serial')) continue
          await db.execute(
            sql.raw(
              `SELECT setval(pg_get_serial_sequence('"${info.name.replace(/"/g, '""')}"', 'id'), COALESCE((SELECT MAX(id) FROM "${info.name.replace(/"/g, '""')}"), 0) + 1, false)`,
            ),
          )
        }
      }
    })

    // The planner's statistics for the rows just loaded (PostgreSQL; see refreshPlannerStatistics).
    const analyzing = (itemDone: number) =>
      progress({
        phase: 'analyze',
        item: 'planner statistics',
        itemDone,
        itemTotal: 1,
        done: itemDone,
        total: 1,
        bytes: 0,
      })
    if (await refreshPlannerStatistics(options.payload, () => analyzing(0))) analyzing(1)

    // Media after the rows committed: a refused or failed restore leaves the upload folder as it was.
    const mediaProgress = (name: string, index: number) =>
      progress({
        phase: 'media',
        item: name,
        itemDone: 1,
        itemTotal: 1,
        done: index + 1,
        total: mediaEntries.length,
        bytes: 0,
        detail: true,
      })
    if (options.mediaBucket) {
      await putMediaObjects(options.mediaBucket, path.join(scratch, 'media'), mediaKeys(mediaEntries), (key, index) =>
        mediaProgress(`media/${key}`, index),
      )
    } else {
      fs.mkdirSync(options.mediaDir, { recursive: true })
      mediaEntries.forEach((name, index) => {
        const target = path.join(options.mediaDir, name.slice('media/'.length))
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.copyFileSync(path.join(scratch, name), target)
        mediaProgress(name, index)
      })
    }

    const result: RestoreResult = { manifest, rows: total, mediaFiles: mediaEntries.length, durationMs: 0 }
    if (options.verify)
      result.verified = await verifyRestored(
        options.payload,
        split,
        known,
        options.mediaBucket ?? options.mediaDir,
        mediaEntries,
        scratch,
        progress,
      )
    result.durationMs = Date.now() - started
    return result
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** Compares every row of the database with the archive (canonical JSON, keyed by id), and the media files. */
async function verifyRestored(
  payload: Payload,
  split: Map<string, { file: string; rows: number }>,
  known: Map<string, TableInfo>,
  media: string | MediaS3,
  mediaEntries: string[],
  scratch: string,
  progress: ProgressListener,
): Promise<number> {
  const problems: string[] = []
  let compared = 0
  const total = [...split.values()].reduce((sum, t) => sum + t.rows, 0)
  await withSnapshot(payload, async (db) => {
    for (const [name, source] of split) {
      const info = known.get(name)!
      const expected = new Map<string, string>()
      const columns = new Set<string>()
      let index = 0
      for await (const line of lines(source.file)) {
        const row = JSON.parse(line) as Row
        for (const key of Object.keys(row)) columns.add(key)
        expected.set(info.hasId ? String(row.id) : String(index++), canonicalJson(row))
      }
      // Columns the archive did not have (an older schema) keep their defaults and are not compared.
      const comparable = (row: Row) => canonicalJson(Object.fromEntries([...columns].map((k) => [k, row[k] ?? null])))
      const actual: string[] = []
      index = 0
      for await (const page of readTable(db, info)) {
        for (const row of page) {
          const key = info.hasId ? String(row.id) : String(index++)
          const text = comparable(row)
          actual.push(text)
          if (info.hasId && expected.get(key) !== text && problems.length < 20) {
            problems.push(`${name} id ${key}: ${expected.has(key) ? 'differs from the archive' : 'not in the archive'}`)
          }
          compared += 1
        }
      }
      if (actual.length !== expected.size)
        problems.push(`${name}: ${actual.length} rows, the archive has ${expected.size}`)
      else if (!info.hasId && canonicalJson(actual.sort()) !== canonicalJson([...expected.values()].sort())) {
        problems.push(`${name}: rows differ from the archive`)
      }
      progress({ phase: 'verify', item: name, itemDone: 1, itemTotal: 1, done: compared, total, bytes: 0 })
    }
  })
  if (typeof media === 'string') {
    for (const name of mediaEntries) {
      const restored = path.join(media, name.slice('media/'.length))
      if (!fs.existsSync(restored) || !fs.readFileSync(restored).equals(fs.readFileSync(path.join(scratch, name)))) {
        problems.push(`${name}: missing or different in ${media}`)
      }
    }
  } else {
    const differing = await differingMediaObjects(media, path.join(scratch, 'media'), mediaKeys(mediaEntries))
    for (const key of differing) problems.push(`media/${key}: missing or different in bucket ${media.bucket}`)
  }
  if (problems.length > 0) {
    throw new BackupError(
      'VERIFY_FAILED',
      `the restored database differs from the archive:\n  ${problems.join('\n  ')}`,
    )
  }
  return compared
}
