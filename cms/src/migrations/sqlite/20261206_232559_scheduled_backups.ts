import { MigrateUpArgs, MigrateDownArgs } from '@payloadcms/db-sqlite'

/**
 * The jobs queue's `scheduledBackup` task. PostgreSQL stores task names as an enum and needs its
 * migration of this name; SQLite stores them as text and has nothing to change (see
 * `…_audit_schedule_actions` for why the migration exists on both adapters).
 */
export async function up(_args: MigrateUpArgs): Promise<void> {}

export async function down(_args: MigrateDownArgs): Promise<void> {}
