ALTER TABLE "audit_events" ADD COLUMN "target_host" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "http_status" integer;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "remote_id" text;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "fhir_patient_id" text;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "fhir_encounter_id" text;