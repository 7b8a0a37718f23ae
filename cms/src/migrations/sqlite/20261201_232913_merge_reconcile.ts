import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

/**
 * Reconciles migrations written side by side: drafts for the globals and the inquiry-email settings each
 * came from the same earlier schema, so the site settings' version table lacked the inquiry-email fields.
 * This adds them; its snapshot (the .json beside it) is the whole schema, for the next migrate:create.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`_site_settings_v_version_inquiry_emails_recipients\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`email\` text,
  	\`_uuid\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`_site_settings_v\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(
    sql`CREATE INDEX \`_site_settings_v_version_inquiry_emails_recipients_order_idx\` ON \`_site_settings_v_version_inquiry_emails_recipients\` (\`_order\`);`,
  )
  await db.run(
    sql`CREATE INDEX \`_site_settings_v_version_inquiry_emails_recipients_parent_id_idx\` ON \`_site_settings_v_version_inquiry_emails_recipients\` (\`_parent_id\`);`,
  )
  await db.run(sql`ALTER TABLE \`_site_settings_v\` ADD \`version_inquiry_emails_acknowledge\` integer DEFAULT false;`)
  await db.run(
    sql`ALTER TABLE \`_site_settings_v\` ADD \`version_inquiry_emails_acknowledgement_subject\` text DEFAULT 'We received your message';`,
  )
  await db.run(
    sql`ALTER TABLE \`_site_settings_v\` ADD \`version_inquiry_emails_acknowledgement_text\` text DEFAULT 'Thank you for getting in touch. We read every message and will answer within two working days.';`,
  )
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`_site_settings_v_version_inquiry_emails_recipients\`;`)
  await db.run(sql`ALTER TABLE \`_site_settings_v\` DROP COLUMN \`version_inquiry_emails_acknowledge\`;`)
  await db.run(sql`ALTER TABLE \`_site_settings_v\` DROP COLUMN \`version_inquiry_emails_acknowledgement_subject\`;`)
  await db.run(sql`ALTER TABLE \`_site_settings_v\` DROP COLUMN \`version_inquiry_emails_acknowledgement_text\`;`)
}
