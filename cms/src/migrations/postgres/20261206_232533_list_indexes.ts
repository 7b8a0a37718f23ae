import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE INDEX "_status_publishedAt_createdAt_deletedAt_idx" ON "posts" USING btree ("_status","published_at","created_at","deleted_at");
  CREATE INDEX "compound_index_idx" ON "_posts_v" USING btree ("version__status","version_published_at","version_created_at","version_deleted_at");
  CREATE INDEX "_status_order_createdAt_deletedAt_idx" ON "services" USING btree ("_status","order","created_at","deleted_at");
  CREATE INDEX "compound_index_1_idx" ON "_services_v" USING btree ("version__status","version_order","version_created_at","version_deleted_at");
  CREATE INDEX "_status_year_createdAt_deletedAt_idx" ON "projects" USING btree ("_status","year","created_at","deleted_at");
  CREATE INDEX "compound_index_2_idx" ON "_projects_v" USING btree ("version__status","version_year","version_created_at","version_deleted_at");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "_status_publishedAt_createdAt_deletedAt_idx";
  DROP INDEX "compound_index_idx";
  DROP INDEX "_status_order_createdAt_deletedAt_idx";
  DROP INDEX "compound_index_1_idx";
  DROP INDEX "_status_year_createdAt_deletedAt_idx";
  DROP INDEX "compound_index_2_idx";`)
}
