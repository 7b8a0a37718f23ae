/**
 * `runBackup`: one portable archive of the database and the media folder, taken from one consistent
 * snapshot while the CMS keeps serving. Callable by a scheduler; `lastGoodBackup()` tells a metric
 * when the last one succeeded (this process, else the status file beside the archives).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'

import { cmsRoot, type MediaS3 } from '../env'
import { sha256File, writeArchive, type ArchiveInput } from './archive'
import { fetchMediaObjects } from './mediaBucket'
import type { ProgressListener } from './progress'
import {
  appliedMigrations,
  countRows,
  describeTables,
  groupTables,
  readTable,
  schemaOf,
  sqlAdapter,
  withSnapshot,
  type TableGroup,
} from './tables'

export const MANIFEST_NAME = 'manifest.json'
export const FORMAT = 'mspn-backup'
export const FORMAT_VERSION = 1
export const STATUS_FILE = 'last-good-backup.json'

export interface GroupManifest {
  file: string
  /** Rows of the main table (documents), of the versions table (every version and draft), and of every table. */
  documents: number
  versions: number
  rows: number
  tables: Record<string, number>
  sensitive?: true
  contains?: string
}

export interface Manifest {
  format: typeof FORMAT
  formatVersion: number
  createdAt: string
  product: { name: string; version: string }
  source: { database: string }
  migrations: string[]
  schema: { fingerprint: string; tables: Record<string, string[]> }
  collections: Record<string, GroupManifest>
  globals: Record<string, GroupManifest>
  other?: Record<string, GroupManifest>
  media: { files: number; bytes: number }
  /** Every other entry of the archive with its size and SHA-256. */
  entries: Record<string, { bytes: number; sha256: string }>
}

export interface BackupOptions {
  payload: Payload
  /** Archive to write (its folder is created). */
  file: string
  /** Upload folder whose files go in the archive (MEDIA_DIR). */
  mediaDir: string
  /** The bucket media live in instead (env.media.s3): its objects go in the archive, not MEDIA_DIR's files. */
  mediaBucket?: MediaS3
  /** Default true. */
  gzip?: boolean
  /** Encrypts the archive (AES-256-GCM, key from scrypt). */
  passphrase?: string
  onProgress?: ProgressListener
}

export interface BackupResult {
  file: string
  bytes: number
  durationMs: number
  manifest: Manifest
}

function productInfo(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cmsRoot, '..', 'package.json'), 'utf8')) as {
      name?: string
      version?: string
    }
    return { name: pkg.name ?? 'mspn-dev', version: pkg.version ?? '0.0.0' }
  } catch {
    return { name: 'mspn-dev', version: '0.0.0' }
  }
}

const groupFile = (group: TableGroup) =>
  group.kind === 'collection'
    ? `collections/${group.slug}.jsonl`
    : group.kind === 'global'
      ? `globals/${group.slug}.jsonl`
      : `other/${group.slug}.jsonl`

/** Every file under a folder, as paths relative to it (forward slashes). */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return []
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative))
    else if (entry.isFile()) out.push(relative)
  }
  return out.sort()
}

async function writeLines(stream: fs.WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
}

let lastGood: { at: string; file: string; bytes: number } | undefined

export async function runBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now()
  const { kind } = sqlAdapter(options.payload)
  const progress = options.onProgress ?? (() => undefined)
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mspn-backup-'))
  try {
    const tables = describeTables(options.payload)
    const byName = new Map(tables.map((t) => [t.name, t]))
    const groups = groupTables(options.payload, tables)
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      product: productInfo(),
      source: { database: kind },
      migrations: [],
      schema: schemaOf(tables),
      collections: {},
      globals: {},
      media: { files: 0, bytes: 0 },
      entries: {},
    }
    const inputs: ArchiveInput[] = []
    await withSnapshot(options.payload, async (db) => {
      manifest.migrations = await appliedMigrations(db, tables)
      const counts = new Map<string, number>()
      for (const group of groups)
        for (const name of group.tables) counts.set(name, await countRows(db, byName.get(name)!))
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      let done = 0
      let bytes = 0
      for (const group of groups) {
        const name = groupFile(group)
        const file = path.join(scratch, name)
        fs.mkdirSync(path.dirname(file), { recursive: true })
        const stream = fs.createWriteStream(file)
        const entry: GroupManifest = { file: name, documents: 0, versions: 0, rows: 0, tables: {} }
        if (group.sensitive) {
          entry.sensitive = true
          entry.contains = 'accounts: password hashes and salts, API-key digests and encrypted keys, sessions'
        }
        const itemTotal = group.tables.reduce((sum, t) => sum + (counts.get(t) ?? 0), 0)
        progress({
          phase: 'read',
          item: group.slug,
          itemDone: 0,
          itemTotal: Math.max(itemTotal, 1),
          done,
          total,
          bytes,
        })
        for (const tableName of group.tables) {
          let rows = 0
          for await (const page of readTable(db, byName.get(tableName)!)) {
            const text = page.map((row) => `${JSON.stringify({ table: tableName, row })}\n`).join('')
            await writeLines(stream, text)
            rows += page.length
            done += page.length
            bytes += Buffer.byteLength(text)
            entry.rows += page.length
            progress({
              phase: 'read',
              item: group.slug,
              itemDone: entry.rows,
              itemTotal: Math.max(itemTotal, 1),
              done,
              total,
              bytes,
            })
          }
          entry.tables[tableName] = rows
          if (tableName === group.main) entry.documents = rows
          if (tableName === group.versions) entry.versions = rows
        }
        await new Promise<void>((resolve, reject) =>
          stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
        )
        progress({ phase: 'read', item: group.slug, itemDone: 1, itemTotal: 1, done, total, bytes })
        const target =
          group.kind === 'collection'
            ? manifest.collections
            : group.kind === 'global'
              ? manifest.globals
              : (manifest.other ??= {})
        target[group.slug] = entry
        inputs.push({ name, path: file })
      }
    })
    // Media files are written once and never changed in place, so reading them after the snapshot
    // can at most add a file uploaded meanwhile (harmless: no document points to it).
    // From a bucket, they are first fetched into the scratch folder and archived from there.
    const mediaDir = options.mediaBucket ? path.join(scratch, 'media') : options.mediaDir
    if (options.mediaBucket) await fetchMediaObjects(options.payload, options.mediaBucket, mediaDir)
    const mediaFiles = listFiles(mediaDir)
    let mediaBytes = 0
    mediaFiles.forEach((relative, index) => {
      const file = path.join(mediaDir, relative)
      mediaBytes += fs.statSync(file).size
      inputs.push({ name: `media/${relative}`, path: file })
      progress({
        phase: 'media',
        item: relative,
        itemDone: 1,
        itemTotal: 1,
        done: index + 1,
        total: mediaFiles.length,
        bytes: mediaBytes,
        detail: true,
      })
    })
    manifest.media = { files: mediaFiles.length, bytes: mediaBytes }
    for (const input of inputs) {
      manifest.entries[input.name] = { bytes: fs.statSync(input.path).size, sha256: await sha256File(input.path) }
    }
    const manifestFile = path.join(scratch, MANIFEST_NAME)
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`)
    inputs.push({ name: MANIFEST_NAME, path: manifestFile })
    let written = 0
    let writtenBytes = 0
    const { bytes } = await writeArchive({
      file: options.file,
      entries: inputs,
      gzip: options.gzip ?? true,
      passphrase: options.passphrase,
      onEntry: (entry, size) => {
        written += 1
        writtenBytes += size
        progress({
          phase: 'write',
          item: entry.name,
          itemDone: 1,
          itemTotal: 1,
          done: written,
          total: inputs.length,
          bytes: writtenBytes,
          detail: true,
        })
      },
    })
    lastGood = { at: new Date().toISOString(), file: options.file, bytes }
    fs.writeFileSync(path.join(path.dirname(options.file), STATUS_FILE), `${JSON.stringify(lastGood)}\n`)
    return { file: options.file, bytes, durationMs: Date.now() - started, manifest }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * The last backup that completed: from this process, or else from the status file runBackup leaves in
 * the archive folder (so a metric can read what the CLI or a scheduler in another process did).
 */
export function lastGoodBackup(backupDir?: string): { at: string; file: string; bytes: number } | undefined {
  if (lastGood) return lastGood
  if (!backupDir) return undefined
  try {
    return JSON.parse(fs.readFileSync(path.join(backupDir, STATUS_FILE), 'utf8'))
  } catch {
    return undefined
  }
}
