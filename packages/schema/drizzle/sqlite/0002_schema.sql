PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_api_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`virtual_key_id` text,
	`provider_id` text,
	`model` text,
	`prompt_tokens` integer DEFAULT 0,
	`completion_tokens` integer DEFAULT 0,
	`total_tokens` integer DEFAULT 0,
	`status` text,
	`response_time` real,
	`error_message` text,
	`created_at` integer NOT NULL,
	`request_body` text,
	`response_body` text,
	`cache_hit` integer DEFAULT false,
	`prompt_cache_hit_tokens` integer DEFAULT 0,
	`prompt_cache_write_tokens` integer DEFAULT 0,
	`rolled_up` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_api_requests`("id", "virtual_key_id", "provider_id", "model", "prompt_tokens", "completion_tokens", "total_tokens", "status", "response_time", "error_message", "created_at", "request_body", "response_body", "cache_hit", "prompt_cache_hit_tokens", "prompt_cache_write_tokens", "rolled_up") SELECT "id", "virtual_key_id", "provider_id", "model", "prompt_tokens", "completion_tokens", "total_tokens", "status", "response_time", "error_message", "created_at", "request_body", "response_body", "cache_hit", "prompt_cache_hit_tokens", "prompt_cache_write_tokens", "rolled_up" FROM `api_requests`;--> statement-breakpoint
DROP TABLE `api_requests`;--> statement-breakpoint
ALTER TABLE `__new_api_requests` RENAME TO `api_requests`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `idx_api_requests_created_at` ON `api_requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_virtual_key_created` ON `api_requests` (`virtual_key_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_provider_id` ON `api_requests` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_status` ON `api_requests` (`status`);--> statement-breakpoint
CREATE TABLE `__new_expert_routing_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`virtual_key_id` text,
	`expert_routing_id` text NOT NULL,
	`request_hash` text NOT NULL,
	`classifier_model` text NOT NULL,
	`classification_result` text NOT NULL,
	`selected_expert_id` text NOT NULL,
	`selected_expert_type` text NOT NULL,
	`selected_expert_name` text NOT NULL,
	`classification_time` real,
	`created_at` integer NOT NULL,
	`original_request` text,
	`classifier_request` text,
	`classifier_response` text
);
--> statement-breakpoint
INSERT INTO `__new_expert_routing_logs`("id", "virtual_key_id", "expert_routing_id", "request_hash", "classifier_model", "classification_result", "selected_expert_id", "selected_expert_type", "selected_expert_name", "classification_time", "created_at", "original_request", "classifier_request", "classifier_response") SELECT "id", "virtual_key_id", "expert_routing_id", "request_hash", "classifier_model", "classification_result", "selected_expert_id", "selected_expert_type", "selected_expert_name", "classification_time", "created_at", "original_request", "classifier_request", "classifier_response" FROM `expert_routing_logs`;--> statement-breakpoint
DROP TABLE `expert_routing_logs`;--> statement-breakpoint
ALTER TABLE `__new_expert_routing_logs` RENAME TO `expert_routing_logs`;--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_config_created` ON `expert_routing_logs` (`expert_routing_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_created_at` ON `expert_routing_logs` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_virtual_key_id` ON `expert_routing_logs` (`virtual_key_id`);