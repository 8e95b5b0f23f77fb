CREATE TABLE "data_keys" (
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"wrapped_key" "bytea",
	"kek_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"rewrapped_at" timestamp (3) with time zone,
	"destroyed_at" timestamp (3) with time zone,
	CONSTRAINT "data_keys_subject_type_subject_id_pk" PRIMARY KEY("subject_type","subject_id"),
	CONSTRAINT "data_keys_destroyed_check" CHECK (("data_keys"."destroyed_at" IS NULL) = ("data_keys"."wrapped_key" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "key_encryption_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"retired_at" timestamp (3) with time zone,
	CONSTRAINT "key_encryption_keys_state_check" CHECK ("key_encryption_keys"."state" IN ('current', 'previous'))
);
--> statement-breakpoint
CREATE INDEX "data_keys_kek_idx" ON "data_keys" USING btree ("kek_id");--> statement-breakpoint
CREATE UNIQUE INDEX "key_encryption_keys_one_current" ON "key_encryption_keys" USING btree ("state") WHERE "key_encryption_keys"."state" = 'current';