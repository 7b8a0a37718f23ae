import { MigrateUpArgs, MigrateDownArgs } from '@payloadcms/db-sqlite'

/**
 * The audit log's `schedule` and `cancel-schedule` actions. PostgreSQL stores select options as an enum
 * and needs its migration of this name; SQLite stores them as text and has nothing to change. The
 * migration exists on both adapters so that they apply the same list of changes: a backup names the
 * migrations its database had, and a restore on the other adapter checks that it knows each of them.
 */
export async function up(_args: MigrateUpArgs): Promise<void> {}

export async function down(_args: MigrateDownArgs): Promise<void> {}
