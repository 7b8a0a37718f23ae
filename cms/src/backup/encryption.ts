/**
 * Passphrase encryption of a backup archive: AES-256-GCM in 64 KiB frames, key from scrypt.
 *
 * Layout: header (magic, scrypt cost, salt, nonce prefix, a key check, flags) then frames of
 * `[final:1][length:4][ciphertext][tag:16]`. Each frame's nonce is the prefix plus its counter, and
 * its authenticated data is the header, the counter and the final flag, so frames cannot be
 * reordered, dropped, cut short or appended to without the tag failing. A stream that ends before a
 * final frame is truncated. The key check tells a wrong passphrase apart from a damaged archive.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

import { BackupError } from './backupError'

export const ENCRYPTION_MAGIC = Buffer.from('MSPNENC1')
const SALT_BYTES = 16
const PREFIX_BYTES = 8
const CHECK_BYTES = 16
const TAG_BYTES = 16
/** magic, log2(N), r, p, flags, salt, nonce prefix, key check */
const HEADER_BYTES = ENCRYPTION_MAGIC.length + 4 + SALT_BYTES + PREFIX_BYTES + CHECK_BYTES
const FRAME_BYTES = 64 * 1024
const MAX_FRAME_BYTES = 16 * 1024 * 1024
export const FLAG_GZIP = 1

interface KdfParams {
  logN: number
  r: number
  p: number
}
const DEFAULT_KDF: KdfParams = { logN: 15, r: 8, p: 1 }

function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
    return Promise.reject(new BackupError('ARCHIVE_DAMAGED', 'the encryption header is damaged (key parameters)'))
  }
  const N = 2 ** params.logN
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase,
      salt,
      32,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

const keyCheck = (key: Buffer) =>
  createHmac('sha256', key).update('mspn-backup-key-check').digest().subarray(0, CHECK_BYTES)

function nonceOf(prefix: Buffer, counter: number): Buffer {
  const nonce = Buffer.alloc(12)
  prefix.copy(nonce, 0)
  nonce.writeUInt32BE(counter, PREFIX_BYTES)
  return nonce
}

function aadOf(header: Buffer, counter: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5)
  tail.writeUInt32BE(counter, 0)
  tail[4] = final ? 1 : 0
  return Buffer.concat([header, tail])
}

/** Encrypts a byte stream with a passphrase; `flags` travel in the (authenticated) header. */
export async function encryptStream(passphrase: string, flags: number): Promise<Transform> {
  const salt = randomBytes(SALT_BYTES)
  const prefix = randomBytes(PREFIX_BYTES)
  const key = await deriveKey(passphrase, salt, DEFAULT_KDF)
  const header = Buffer.concat([
    ENCRYPTION_MAGIC,
    Buffer.from([DEFAULT_KDF.logN, DEFAULT_KDF.r, DEFAULT_KDF.p, flags]),
    salt,
    prefix,
    keyCheck(key),
  ])
  let counter = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const frame = (plain: Buffer, final: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceOf(prefix, counter))
    cipher.setAAD(aadOf(header, counter, final))
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    counter += 1
    if (counter > 0xffffffff) throw new Error('archive too large for one encryption key')
    const head = Buffer.alloc(5)
    head[0] = final ? 1 : 0
    head.writeUInt32BE(body.length, 1)
    return Buffer.concat([head, body, cipher.getAuthTag()])
  }
  let started = false
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!started) {
        this.push(header)
        started = true
      }
      pending.push(chunk)
      pendingBytes += chunk.length
      while (pendingBytes > FRAME_BYTES) {
        const all = Buffer.concat(pending)
        this.push(frame(all.subarray(0, FRAME_BYTES), false))
        const rest = all.subarray(FRAME_BYTES)
        pending = [rest]
        pendingBytes = rest.length
      }
      callback()
    },
    flush(callback: TransformCallback) {
      if (!started) this.push(header)
      this.push(frame(Buffer.concat(pending), true))
      callback()
    },
  })
}

/** Reads the flags of an encrypted archive's header without the passphrase. */
export function encryptionFlags(head: Buffer): number | null {
  if (head.length < HEADER_BYTES || !head.subarray(0, ENCRYPTION_MAGIC.length).equals(ENCRYPTION_MAGIC)) return null
  return head[ENCRYPTION_MAGIC.length + 3] ?? 0
}

/** Decrypts what encryptStream wrote; fails with a BackupError on a wrong passphrase, tampering or truncation. */
export function decryptStream(passphrase: string): Transform {
  let buffer: Buffer = Buffer.alloc(0)
  let header: Buffer | undefined
  let key: Buffer | undefined
  let prefix: Buffer | undefined
  let counter = 0
  let finished = false
  const readHeader = async () => {
    const head = buffer.subarray(0, HEADER_BYTES)
    if (!head.subarray(0, ENCRYPTION_MAGIC.length).equals(ENCRYPTION_MAGIC)) {
      throw new BackupError('ARCHIVE_DAMAGED', 'not an encrypted MSPN backup')
    }
    let offset = ENCRYPTION_MAGIC.length
    const params = { logN: head[offset]!, r: head[offset + 1]!, p: head[offset + 2]! }
    offset += 4
    const salt = head.subarray(offset, offset + SALT_BYTES)
    offset += SALT_BYTES
    prefix = Buffer.from(head.subarray(offset, offset + PREFIX_BYTES))
    offset += PREFIX_BYTES
    const check = head.subarray(offset, offset + CHECK_BYTES)
    key = await deriveKey(passphrase, salt, params)
    if (!timingSafeEqual(check, keyCheck(key))) {
      throw new BackupError('WRONG_PASSPHRASE', 'wrong passphrase: this archive was encrypted with another one')
    }
    header = Buffer.from(head)
    buffer = buffer.subarray(HEADER_BYTES)
  }
  const readFrames = (push: (chunk: Buffer) => void) => {
    while (buffer.length >= 5) {
      if (finished) throw new BackupError('ARCHIVE_TAMPERED', 'the archive has data after its final encrypted frame')
      const final = buffer[0] === 1
      const length = buffer.readUInt32BE(1)
      if (buffer[0]! > 1 || length > MAX_FRAME_BYTES) {
        throw new BackupError('ARCHIVE_TAMPERED', `encrypted frame ${counter} is damaged`)
      }
      if (buffer.length < 5 + length + TAG_BYTES) return
      const body = buffer.subarray(5, 5 + length)
      const tag = buffer.subarray(5 + length, 5 + length + TAG_BYTES)
      const decipher = createDecipheriv('aes-256-gcm', key!, nonceOf(prefix!, counter))
      decipher.setAAD(aadOf(header!, counter, final))
      decipher.setAuthTag(tag)
      let plain: Buffer
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()])
      } catch {
        throw new BackupError(
          'ARCHIVE_TAMPERED',
          `encrypted frame ${counter} failed authentication: the archive was altered`,
        )
      }
      counter += 1
      finished = final
      buffer = buffer.subarray(5 + length + TAG_BYTES)
      if (plain.length > 0) push(plain)
    }
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      const step = async () => {
        if (!header) {
          if (buffer.length < HEADER_BYTES) return
          await readHeader()
        }
        readFrames((plain) => this.push(plain))
      }
      step().then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      )
    },
    flush(callback: TransformCallback) {
      if (!header || !finished || buffer.length > 0) {
        callback(
          finished
            ? new BackupError('ARCHIVE_TAMPERED', 'the archive has data after its final encrypted frame')
            : new BackupError(
                'ARCHIVE_TRUNCATED',
                'the archive is truncated (it ends before its last encrypted frame)',
              ),
        )
        return
      }
      callback()
    },
  })
}
