CREATE TABLE `api_request_models` (
	`id` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_request_rollup_state` (
	`id` text PRIMARY KEY NOT NULL,
	`backfilled_from` integer,
	`complete` integer DEFAULT false NOT NULL,
	`rows_cleaned_before` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_request_rollups` (
	`id` text PRIMARY KEY NOT NULL,
	`period_ms` integer NOT NULL,
	`period_start` integer NOT NULL,
	`writer_id` text NOT NULL,
	`virtual_key_id` text,
	`provider_id` text,
	`model_key` text,
	`status` text,
	`requests` integer DEFAULT 0 NOT NULL,
	`successes` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`total_tokens` integer DEFAULT 0 NOT NULL,
	`cache_hits` integer DEFAULT 0 NOT NULL,
	`cache_saved_tokens` integer DEFAULT 0 NOT NULL,
	`response_time_sum` real DEFAULT 0 NOT NULL,
	`response_time_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `idx_api_request_rollups_period` ON `api_request_rollups` (`period_ms`,`period_start`);--> statement-breakpoint
ALTER TABLE `api_requests` ADD `rolled_up` integer DEFAULT false NOT NULL;