/** Backup, restore and verify (see README "Backup and restore"). */
export { runBackup, lastGoodBackup, type BackupOptions, type BackupResult, type Manifest } from './backup'
export { runRestore, type RestoreOptions, type RestoreResult } from './restore'
export { verifyBackup, type VerifyOptions } from './verify'
export { BackupError } from './backupError'
