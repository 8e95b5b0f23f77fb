CREATE SEQUENCE "public"."tip_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"recipient_user_id" uuid,
	"recipient_unit_id" uuid,
	"record_type" text NOT NULL,
	"record_id" uuid,
	"reference" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp (3) with time zone,
	"acknowledged_by" uuid,
	"emailed_at" timestamp (3) with time zone,
	CONSTRAINT "alerts_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "alerts_recipient_check" CHECK ("alerts"."recipient_user_id" IS NOT NULL OR "alerts"."recipient_unit_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "case_tips" (
	"case_id" uuid NOT NULL,
	"tip_id" uuid NOT NULL,
	"linked_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_tips_case_id_tip_id_pk" PRIMARY KEY("case_id","tip_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"unit_id" uuid,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"handling" text DEFAULT 'normal' NOT NULL,
	"lead_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cases_agency_reference_key" UNIQUE("agency_id","reference"),
	CONSTRAINT "cases_status_check" CHECK ("cases"."status" IN ('open','under_investigation','referred_to_prosecutor','in_court','closed')),
	CONSTRAINT "cases_handling_check" CHECK ("cases"."handling" IN ('normal','restricted','secret'))
);
--> statement-breakpoint
CREATE TABLE "identifier_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"role" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"unit_id" uuid,
	"source" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identifier_links_key" UNIQUE("identifier_id","record_type","record_id","role"),
	CONSTRAINT "identifier_links_record_type_check" CHECK ("identifier_links"."record_type" IN ('tip','case','register_entry','referral'))
);
--> statement-breakpoint
CREATE TABLE "identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"stop_listed" text,
	"record_count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identifiers_kind_value_key" UNIQUE("kind","value"),
	CONSTRAINT "identifiers_kind_check" CHECK ("identifiers"."kind" IN ('email','phone','ip','username','url','device','passport','name','file_hash','account','vehicle','place'))
);
--> statement-breakpoint
CREATE TABLE "tip_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" uuid,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "tip_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"file_name" text,
	"hash" text,
	"hash_kind" text,
	"viewed_by_platform" boolean,
	"locked" boolean NOT NULL,
	"legal_authority" text,
	"legal_authority_by" uuid,
	"legal_authority_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "tip_import_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"name" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tip_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"created_by" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"files" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "tip_imports_status_check" CHECK ("tip_imports"."status" IN ('queued','running','done','failed'))
);
--> statement-breakpoint
CREATE TABLE "tip_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"direction" text NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	CONSTRAINT "tip_messages_direction_check" CHECK ("tip_messages"."direction" IN ('to_reporter','from_reporter'))
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"source" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"unit_id" uuid,
	"assignee_id" uuid,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text,
	"proposed_priority" text NOT NULL,
	"triage_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"sla_due_at" timestamp (3) with time zone,
	"sla_escalated_at" timestamp (3) with time zone,
	"narrative" text NOT NULL,
	"province" text,
	"place" text,
	"occurred_at" text,
	"child_age_min" integer,
	"child_age_max" integer,
	"imminent_danger" boolean DEFAULT false NOT NULL,
	"escalation_flag" boolean DEFAULT false NOT NULL,
	"suspect" jsonb,
	"suspect_names" text,
	"reporter_contact" "bytea",
	"receipt_locator" text,
	"receipt_hash" text,
	"external_ref" text,
	"source_key" text,
	"source_document" jsonb,
	"handling" text DEFAULT 'normal' NOT NULL,
	"case_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tips_reference_unique" UNIQUE("reference"),
	CONSTRAINT "tips_receipt_locator_unique" UNIQUE("receipt_locator"),
	CONSTRAINT "tips_source_key_unique" UNIQUE("source_key"),
	CONSTRAINT "tips_source_check" CHECK ("tips"."source" IN ('public_portal','phone','walk_in','ngo','partner','cybertipline','foreign_hotline')),
	CONSTRAINT "tips_status_check" CHECK ("tips"."status" IN ('new','triaged','assigned','actioned','referred','closed_no_action','converted_to_case')),
	CONSTRAINT "tips_priority_check" CHECK ("tips"."priority" IS NULL OR "tips"."priority" IN ('P1','P2','P3','P4')),
	CONSTRAINT "tips_proposed_priority_check" CHECK ("tips"."proposed_priority" IN ('P1','P2','P3','P4')),
	CONSTRAINT "tips_handling_check" CHECK ("tips"."handling" IN ('normal','restricted','secret')),
	CONSTRAINT "tips_child_age_check" CHECK (("tips"."child_age_min" IS NULL OR "tips"."child_age_min" BETWEEN 0 AND 17) AND ("tips"."child_age_max" IS NULL OR "tips"."child_age_max" BETWEEN 0 AND 17) AND ("tips"."child_age_min" IS NULL OR "tips"."child_age_max" IS NULL OR "tips"."child_age_min" <= "tips"."child_age_max"))
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_recipient_unit_id_units_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_tips" ADD CONSTRAINT "case_tips_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_lead_id_users_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifier_links" ADD CONSTRAINT "identifier_links_identifier_id_identifiers_id_fk" FOREIGN KEY ("identifier_id") REFERENCES "public"."identifiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifier_links" ADD CONSTRAINT "identifier_links_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identifier_links" ADD CONSTRAINT "identifier_links_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_events" ADD CONSTRAINT "tip_events_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_events" ADD CONSTRAINT "tip_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_files" ADD CONSTRAINT "tip_files_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_files" ADD CONSTRAINT "tip_files_legal_authority_by_users_id_fk" FOREIGN KEY ("legal_authority_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_import_files" ADD CONSTRAINT "tip_import_files_import_id_tip_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."tip_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_imports" ADD CONSTRAINT "tip_imports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_imports" ADD CONSTRAINT "tip_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_messages" ADD CONSTRAINT "tip_messages_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tip_messages" ADD CONSTRAINT "tip_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_user_idx" ON "alerts" USING btree ("recipient_user_id","created_at");--> statement-breakpoint
CREATE INDEX "alerts_unit_idx" ON "alerts" USING btree ("recipient_unit_id","created_at");--> statement-breakpoint
CREATE INDEX "case_tips_tip_idx" ON "case_tips" USING btree ("tip_id");--> statement-breakpoint
CREATE INDEX "cases_unit_idx" ON "cases" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "identifier_links_record_idx" ON "identifier_links" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "identifiers_value_trgm_idx" ON "identifiers" USING gin ("value" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tip_events_tip_idx" ON "tip_events" USING btree ("tip_id","at");--> statement-breakpoint
CREATE INDEX "tip_files_tip_idx" ON "tip_files" USING btree ("tip_id");--> statement-breakpoint
CREATE INDEX "tip_import_files_import_idx" ON "tip_import_files" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "tip_imports_agency_idx" ON "tip_imports" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "tip_messages_tip_idx" ON "tip_messages" USING btree ("tip_id","at");--> statement-breakpoint
CREATE INDEX "tips_queue_idx" ON "tips" USING btree ("status","sla_due_at");--> statement-breakpoint
CREATE INDEX "tips_received_idx" ON "tips" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "tips_priority_idx" ON "tips" USING btree ("priority","sla_due_at");--> statement-breakpoint
CREATE INDEX "tips_unit_idx" ON "tips" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "tips_assignee_idx" ON "tips" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "tips_province_idx" ON "tips" USING btree ("province","status");--> statement-breakpoint
CREATE INDEX "tips_agency_idx" ON "tips" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "tips_narrative_fts_idx" ON "tips" USING gin (to_tsvector('simple', "narrative"));--> statement-breakpoint
CREATE INDEX "tips_suspect_names_trgm_idx" ON "tips" USING gin ("suspect_names" gin_trgm_ops);