-- identifier_links.agency_id/unit_id are copies of the linked record's holder, held to real rows by the
-- record's own foreign keys: no foreign keys of their own (see entities.tables.ts).
ALTER TABLE "identifier_links" DROP CONSTRAINT "identifier_links_agency_id_agencies_id_fk";
--> statement-breakpoint
ALTER TABLE "identifier_links" DROP CONSTRAINT "identifier_links_unit_id_units_id_fk";
