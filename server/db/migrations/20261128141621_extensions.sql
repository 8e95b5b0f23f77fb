-- Extensions Karpear's SQL relies on (fuzzy names, accent folding, digests). All four are trusted
-- extensions in PostgreSQL 13+, so a database owner may create them; PGlite loads them at open.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
