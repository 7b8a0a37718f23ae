/**
 * The archive container: a tar (tar-stream), gzip by default, optionally encrypted (encryption.ts).
 * Writing goes to a temporary name renamed on success, so a half-written archive never carries the
 * final name. Reading extracts every entry into a scratch folder while hashing it; nothing is
 * trusted until the manifest's checksums have been compared (see restore.ts).
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough, Transform, Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import tar from 'tar-stream'

import { BackupError } from './backupError'
import { decryptStream, ENCRYPTION_MAGIC, encryptionFlags, encryptStream, FLAG_GZIP } from './encryption'

export interface ArchiveInput {
  /** Name inside the archive (forward slashes). */
  name: string
  /** File on disk holding its bytes. */
  path: string
}

export interface WriteArchiveOptions {
  file: string
  entries: ArchiveInput[]
  gzip: boolean
  passphrase?: string
  /** Called as entries are added, with the bytes written so far. */
  onEntry?: (entry: ArchiveInput, size: number) => void
}

const counting = (onBytes: (n: number) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length)
      callback(null, chunk)
    },
  })

export async function writeArchive(options: WriteArchiveOptions): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(options.file), { recursive: true })
  const partial = `${options.file}.partial-${randomBytes(4).toString('hex')}`
  const pack = tar.pack()
  let bytes = 0
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [pack as unknown as Readable]
  if (options.gzip) stages.push(zlib.createGzip({ level: 6 }))
  if (options.passphrase) stages.push(await encryptStream(options.passphrase, options.gzip ? FLAG_GZIP : 0))
  stages.push(counting((n) => (bytes += n)))
  stages.push(fs.createWriteStream(partial, { mode: 0o600 }))
  const feed = (async () => {
    for (const entry of options.entries) {
      const size = fs.statSync(entry.path).size
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry({ name: entry.name, size, mode: 0o600, mtime: new Date(0) }, (error) =>
          error ? reject(error) : resolve(),
        )
        fs.createReadStream(entry.path)
          .on('error', reject)
          .pipe(sink as unknown as Writable)
      })
      options.onEntry?.(entry, size)
    }
    pack.finalize()
  })()
  try {
    await Promise.all([feed, pipeline(stages as unknown as [Readable, ...Writable[]])])
    fs.renameSync(partial, options.file)
  } catch (error) {
    pack.destroy()
    fs.rmSync(partial, { force: true })
    throw error
  }
  return { bytes }
}

export interface ExtractedEntry {
  path: string
  size: number
  sha256: string
}

export interface ArchiveKind {
  encrypted: boolean
  gzip: boolean
}

/** Tells an encrypted, gzip or plain tar archive apart by its first bytes. */
export function archiveKind(file: string): ArchiveKind {
  const head = Buffer.alloc(64)
  const fd = fs.openSync(file, 'r')
  let read: number
  try {
    read = fs.readSync(fd, head, 0, head.length, 0)
  } finally {
    fs.closeSync(fd)
  }
  const bytes = head.subarray(0, read)
  if (bytes.subarray(0, ENCRYPTION_MAGIC.length).equals(ENCRYPTION_MAGIC)) {
    const flags = encryptionFlags(bytes)
    if (flags === null)
      throw new BackupError('ARCHIVE_TRUNCATED', 'the archive is truncated (incomplete encryption header)')
    return { encrypted: true, gzip: (flags & FLAG_GZIP) !== 0 }
  }
  if (read === 0) throw new BackupError('ARCHIVE_TRUNCATED', 'the archive is empty')
  return { encrypted: false, gzip: bytes[0] === 0x1f && bytes[1] === 0x8b }
}

/** A name a hostile archive cannot use to write outside the scratch folder. */
function safeEntryName(name: string): boolean {
  return (
    name.length > 0 &&
    !name.startsWith('/') &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  )
}

function asBackupError(error: unknown): unknown {
  if (error instanceof BackupError) return error
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string }).code
  if (/unexpected end|premature close|ERR_STREAM_PREMATURE_CLOSE/i.test(message) || code === 'Z_BUF_ERROR') {
    return new BackupError('ARCHIVE_TRUNCATED', `the archive is truncated (${message})`)
  }
  if (code?.startsWith('Z_') || /invalid tar header|incorrect header check|invalid/i.test(message)) {
    return new BackupError('ARCHIVE_DAMAGED', `the archive is damaged (${message})`)
  }
  return error
}

/** Extracts every entry into `into`, hashing as it goes. Refuses unsafe names and duplicates. */
export async function extractArchive(
  file: string,
  into: string,
  passphrase: string | undefined,
): Promise<Map<string, ExtractedEntry>> {
  const kind = archiveKind(file)
  if (kind.encrypted && !passphrase) {
    throw new BackupError(
      'PASSPHRASE_REQUIRED',
      'the archive is encrypted: give its passphrase with --passphrase-file or BACKUP_PASSPHRASE',
    )
  }
  const entries = new Map<string, ExtractedEntry>()
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    const fail = (error: Error) => {
      stream.resume()
      next(error)
    }
    if (header.type !== 'file')
      return fail(new BackupError('ARCHIVE_TAMPERED', `unexpected ${header.type} entry "${header.name}"`))
    if (!safeEntryName(header.name))
      return fail(new BackupError('ARCHIVE_TAMPERED', `unsafe entry name "${header.name}"`))
    if (entries.has(header.name))
      return fail(new BackupError('ARCHIVE_TAMPERED', `entry "${header.name}" appears twice`))
    const target = path.join(into, header.name)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const hash = createHash('sha256')
    let size = 0
    const out = fs.createWriteStream(target, { mode: 0o600 })
    stream.on('data', (chunk: unknown) => {
      if (!Buffer.isBuffer(chunk)) return
      hash.update(chunk)
      size += chunk.length
    })
    pipeline(stream as unknown as Readable, out).then(
      () => {
        entries.set(header.name, { path: target, size, sha256: hash.digest('hex') })
        next()
      },
      (error: Error) => next(error),
    )
  })
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [fs.createReadStream(file)]
  if (kind.encrypted) stages.push(decryptStream(passphrase as string))
  stages.push(kind.gzip ? zlib.createGunzip() : new PassThrough())
  stages.push(extract as unknown as Writable)
  try {
    await pipeline(stages as unknown as [Readable, ...Writable[]])
  } catch (error) {
    throw asBackupError(error)
  }
  return entries
}

/** SHA-256 of a file, hex. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(fs.createReadStream(file), hash)
  return hash.digest('hex')
}
