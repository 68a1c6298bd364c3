ALTER TABLE `audit_events` ADD `target_host` text;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `http_status` integer;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `remote_id` text;--> statement-breakpoint
ALTER TABLE `consultations` ADD `fhir_patient_id` text;--> statement-breakpoint
ALTER TABLE `consultations` ADD `fhir_encounter_id` text;