CREATE TABLE "establishments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"province" text NOT NULL,
	"place" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guest_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"created_by" uuid,
	"file_name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"screened" integer DEFAULT 0 NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"rejects" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"unit_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"basis" text NOT NULL,
	"dob" text,
	"gender" text,
	"nationalities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"offences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_basis" text NOT NULL,
	"source_document" text,
	"photo_ref" text,
	"risk_level" text NOT NULL,
	"review_date" date,
	"expires_at" timestamp (3) with time zone,
	"instructions" text NOT NULL,
	"approval_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp (3) with time zone,
	"removed_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "register_entries_reference_unique" UNIQUE("reference"),
	CONSTRAINT "register_entries_status_check" CHECK ("register_entries"."status" IN ('proposed','active','expired','removed')),
	CONSTRAINT "register_entries_basis_check" CHECK ("register_entries"."basis" IN ('convicted_kh','foreign_notification','deported','green_notice')),
	CONSTRAINT "register_entries_risk_check" CHECK ("register_entries"."risk_level" IN ('low','medium','high')),
	CONSTRAINT "register_entries_dob_check" CHECK ("register_entries"."dob" IS NULL OR "register_entries"."dob" ~ '^\d{4}(-\d{2}(-\d{2})?)?$')
);
--> statement-breakpoint
CREATE TABLE "register_names" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_passports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"country" text,
	"number" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_hits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" uuid,
	"agency_id" uuid NOT NULL,
	"register_entry_id" uuid,
	"travel_notification_id" uuid,
	"decision" text NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"screened" jsonb NOT NULL,
	"establishment_id" uuid,
	"guest_import_id" uuid,
	CONSTRAINT "screening_hits_channel_check" CHECK ("screening_hits"."channel" IN ('border','batch','guest')),
	CONSTRAINT "screening_hits_decision_check" CHECK ("screening_hits"."decision" IN ('hit','review'))
);
--> statement-breakpoint
CREATE TABLE "travel_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"unit_id" uuid,
	"partner" text NOT NULL,
	"partner_ref" text,
	"received_at" timestamp (3) with time zone NOT NULL,
	"names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dob" text,
	"gender" text,
	"nationality" text,
	"passport_country" text,
	"passport_number" text,
	"travel_date" date,
	"flight" text,
	"border_post" text,
	"stay_place" text,
	"stay_province" text,
	"register_entry_id" uuid,
	"watch_until" timestamp (3) with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "travel_notifications_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "guest_imports" ADD CONSTRAINT "guest_imports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guest_imports" ADD CONSTRAINT "guest_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_names" ADD CONSTRAINT "register_names_entry_id_register_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_passports" ADD CONSTRAINT "register_passports_entry_id_register_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_register_entry_id_register_entries_id_fk" FOREIGN KEY ("register_entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_travel_notification_id_travel_notifications_id_fk" FOREIGN KEY ("travel_notification_id") REFERENCES "public"."travel_notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_notifications" ADD CONSTRAINT "travel_notifications_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_notifications" ADD CONSTRAINT "travel_notifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_notifications" ADD CONSTRAINT "travel_notifications_register_entry_id_register_entries_id_fk" FOREIGN KEY ("register_entry_id") REFERENCES "public"."register_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_notifications" ADD CONSTRAINT "travel_notifications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "establishments_key_idx" ON "establishments" USING btree ("name_key","province");--> statement-breakpoint
CREATE INDEX "register_entries_status_idx" ON "register_entries" USING btree ("status");--> statement-breakpoint
CREATE INDEX "register_names_entry_idx" ON "register_names" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "register_passports_entry_idx" ON "register_passports" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "register_passports_number_idx" ON "register_passports" USING btree ("number");--> statement-breakpoint
CREATE INDEX "screening_hits_at_idx" ON "screening_hits" USING btree ("at");--> statement-breakpoint
CREATE INDEX "travel_notifications_watch_idx" ON "travel_notifications" USING btree ("watch_until");