import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'notifyInquiry' BEFORE 'schedulePublish';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'notifyInquiry' BEFORE 'schedulePublish';
  CREATE TABLE "site_settings_inquiry_emails_recipients" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"email" varchar NOT NULL
  );
  
  ALTER TABLE "inquiries" ADD COLUMN "read" boolean DEFAULT false;
  ALTER TABLE "inquiries" ADD COLUMN "read_at" timestamp(3) with time zone;
  ALTER TABLE "inquiries" ADD COLUMN "assignee_id" integer;
  ALTER TABLE "inquiries" ADD COLUMN "spam" boolean DEFAULT false;
  ALTER TABLE "inquiries" ADD COLUMN "notified_at" timestamp(3) with time zone;
  ALTER TABLE "inquiries" ADD COLUMN "acknowledged_at" timestamp(3) with time zone;
  ALTER TABLE "inquiries" ADD COLUMN "notes" varchar;
  ALTER TABLE "site_settings" ADD COLUMN "inquiry_emails_acknowledge" boolean DEFAULT false;
  ALTER TABLE "site_settings" ADD COLUMN "inquiry_emails_acknowledgement_subject" varchar DEFAULT 'We received your message';
  ALTER TABLE "site_settings" ADD COLUMN "inquiry_emails_acknowledgement_text" varchar DEFAULT 'Thank you for getting in touch. We read every message and will answer within two working days.';
  ALTER TABLE "site_settings_inquiry_emails_recipients" ADD CONSTRAINT "site_settings_inquiry_emails_recipients_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."site_settings"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "site_settings_inquiry_emails_recipients_order_idx" ON "site_settings_inquiry_emails_recipients" USING btree ("_order");
  CREATE INDEX "site_settings_inquiry_emails_recipients_parent_id_idx" ON "site_settings_inquiry_emails_recipients" USING btree ("_parent_id");
  ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "inquiries_assignee_idx" ON "inquiries" USING btree ("assignee_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "site_settings_inquiry_emails_recipients" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "site_settings_inquiry_emails_recipients" CASCADE;
  ALTER TABLE "inquiries" DROP CONSTRAINT "inquiries_assignee_id_users_id_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "inquiries_assignee_idx";
  ALTER TABLE "inquiries" DROP COLUMN "read";
  ALTER TABLE "inquiries" DROP COLUMN "read_at";
  ALTER TABLE "inquiries" DROP COLUMN "assignee_id";
  ALTER TABLE "inquiries" DROP COLUMN "spam";
  ALTER TABLE "inquiries" DROP COLUMN "notified_at";
  ALTER TABLE "inquiries" DROP COLUMN "acknowledged_at";
  ALTER TABLE "inquiries" DROP COLUMN "notes";
  ALTER TABLE "site_settings" DROP COLUMN "inquiry_emails_acknowledge";
  ALTER TABLE "site_settings" DROP COLUMN "inquiry_emails_acknowledgement_subject";
  ALTER TABLE "site_settings" DROP COLUMN "inquiry_emails_acknowledgement_text";`)
}
