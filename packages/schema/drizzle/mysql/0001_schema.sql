CREATE TABLE `api_request_models` (
	`id` varbinary(64) NOT NULL,
	`model` longtext NOT NULL,
	CONSTRAINT `api_request_models_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `api_request_rollup_state` (
	`id` varbinary(255) NOT NULL,
	`backfilled_from` bigint,
	`complete` boolean NOT NULL DEFAULT false,
	`rows_cleaned_before` bigint,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `api_request_rollup_state_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `api_request_rollups` (
	`id` varbinary(255) NOT NULL,
	`period_ms` bigint NOT NULL,
	`period_start` bigint NOT NULL,
	`writer_id` varbinary(255) NOT NULL,
	`virtual_key_id` varbinary(255),
	`provider_id` varbinary(3072),
	`model_key` varbinary(64),
	`status` varchar(255),
	`requests` bigint NOT NULL DEFAULT 0,
	`successes` bigint NOT NULL DEFAULT 0,
	`errors` bigint NOT NULL DEFAULT 0,
	`prompt_tokens` bigint NOT NULL DEFAULT 0,
	`completion_tokens` bigint NOT NULL DEFAULT 0,
	`total_tokens` bigint NOT NULL DEFAULT 0,
	`cache_hits` bigint NOT NULL DEFAULT 0,
	`cache_saved_tokens` bigint NOT NULL DEFAULT 0,
	`response_time_sum` double NOT NULL DEFAULT 0,
	`response_time_count` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `api_request_rollups_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
ALTER TABLE `api_requests` ADD `rolled_up` boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `idx_api_request_rollups_period` ON `api_request_rollups` (`period_ms`,`period_start`);