import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * Reconciles migrations written side by side: drafts for the globals and the inquiry-email settings each
 * came from the same earlier schema, so the site settings' version table lacked the inquiry-email fields.
 * This adds them; its snapshot (the .json beside it) is the whole schema, for the next migrate:create.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "_site_settings_v_version_inquiry_emails_recipients" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"email" varchar,
  	"_uuid" varchar
  );
  ALTER TABLE "_site_settings_v" ADD COLUMN "version_inquiry_emails_acknowledge" boolean DEFAULT false;
  ALTER TABLE "_site_settings_v" ADD COLUMN "version_inquiry_emails_acknowledgement_subject" varchar DEFAULT 'We received your message';
  ALTER TABLE "_site_settings_v" ADD COLUMN "version_inquiry_emails_acknowledgement_text" varchar DEFAULT 'Thank you for getting in touch. We read every message and will answer within two working days.';
  ALTER TABLE "_site_settings_v_version_inquiry_emails_recipients" ADD CONSTRAINT "_site_settings_v_version_inquiry_emails_recipients_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_site_settings_v"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "_site_settings_v_version_inquiry_emails_recipients_order_idx" ON "_site_settings_v_version_inquiry_emails_recipients" USING btree ("_order");
  CREATE INDEX "_site_settings_v_version_inquiry_emails_recipients_parent_id_idx" ON "_site_settings_v_version_inquiry_emails_recipients" USING btree ("_parent_id");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE "_site_settings_v_version_inquiry_emails_recipients" CASCADE;
  ALTER TABLE "_site_settings_v" DROP COLUMN "version_inquiry_emails_acknowledge";
  ALTER TABLE "_site_settings_v" DROP COLUMN "version_inquiry_emails_acknowledgement_subject";
  ALTER TABLE "_site_settings_v" DROP COLUMN "version_inquiry_emails_acknowledgement_text";`)
}
