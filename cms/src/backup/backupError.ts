/** A backup or restore refused for a reason the operator can act on; the CLI prints the message, no stack. */
export type BackupErrorCode =
  | 'ARCHIVE_DAMAGED'
  | 'ARCHIVE_TAMPERED'
  | 'ARCHIVE_TRUNCATED'
  | 'WRONG_PASSPHRASE'
  | 'PASSPHRASE_REQUIRED'
  | 'NEWER_SCHEMA'
  | 'TARGET_NOT_EMPTY'
  | 'UNSUPPORTED_DATABASE'
  | 'VERIFY_FAILED'

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'BackupError'
  }
}
