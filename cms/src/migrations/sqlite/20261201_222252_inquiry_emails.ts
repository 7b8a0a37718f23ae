import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`site_settings_inquiry_emails_recipients\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` integer NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`email\` text NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`site_settings\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(
    sql`CREATE INDEX \`site_settings_inquiry_emails_recipients_order_idx\` ON \`site_settings_inquiry_emails_recipients\` (\`_order\`);`,
  )
  await db.run(
    sql`CREATE INDEX \`site_settings_inquiry_emails_recipients_parent_id_idx\` ON \`site_settings_inquiry_emails_recipients\` (\`_parent_id\`);`,
  )
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`read\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`read_at\` text;`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`assignee_id\` integer REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`spam\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`notified_at\` text;`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`acknowledged_at\` text;`)
  await db.run(sql`ALTER TABLE \`inquiries\` ADD \`notes\` text;`)
  await db.run(sql`CREATE INDEX \`inquiries_assignee_idx\` ON \`inquiries\` (\`assignee_id\`);`)
  await db.run(sql`ALTER TABLE \`site_settings\` ADD \`inquiry_emails_acknowledge\` integer DEFAULT false;`)
  await db.run(
    sql`ALTER TABLE \`site_settings\` ADD \`inquiry_emails_acknowledgement_subject\` text DEFAULT 'We received your message';`,
  )
  await db.run(
    sql`ALTER TABLE \`site_settings\` ADD \`inquiry_emails_acknowledgement_text\` text DEFAULT 'Thank you for getting in touch. We read every message and will answer within two working days.';`,
  )
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`site_settings_inquiry_emails_recipients\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_inquiries\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`name\` text NOT NULL,
  	\`email\` text NOT NULL,
  	\`company\` text,
  	\`message\` text NOT NULL,
  	\`budget\` text,
  	\`source_page\` text,
  	\`status\` text DEFAULT 'new' NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(
    sql`INSERT INTO \`__new_inquiries\`("id", "name", "email", "company", "message", "budget", "source_page", "status", "updated_at", "created_at") SELECT "id", "name", "email", "company", "message", "budget", "source_page", "status", "updated_at", "created_at" FROM \`inquiries\`;`,
  )
  await db.run(sql`DROP TABLE \`inquiries\`;`)
  await db.run(sql`ALTER TABLE \`__new_inquiries\` RENAME TO \`inquiries\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`inquiries_updated_at_idx\` ON \`inquiries\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`inquiries_created_at_idx\` ON \`inquiries\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`site_settings\` DROP COLUMN \`inquiry_emails_acknowledge\`;`)
  await db.run(sql`ALTER TABLE \`site_settings\` DROP COLUMN \`inquiry_emails_acknowledgement_subject\`;`)
  await db.run(sql`ALTER TABLE \`site_settings\` DROP COLUMN \`inquiry_emails_acknowledgement_text\`;`)
}
