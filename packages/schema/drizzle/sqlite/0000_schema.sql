CREATE TABLE `api_requests` (
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
	FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `idx_api_requests_created_at` ON `api_requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_virtual_key_created` ON `api_requests` (`virtual_key_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_provider_id` ON `api_requests` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_status` ON `api_requests` (`status`);--> statement-breakpoint
CREATE TABLE `expert_routing_configs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`enabled` integer DEFAULT true,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `idx_expert_routing_configs_enabled` ON `expert_routing_configs` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_configs_created_at` ON `expert_routing_configs` (`created_at`);--> statement-breakpoint
CREATE TABLE `expert_routing_logs` (
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
	`classifier_response` text,
	FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`expert_routing_id`) REFERENCES `expert_routing_configs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_config_created` ON `expert_routing_logs` (`expert_routing_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_created_at` ON `expert_routing_logs` (`created_at`);--> statement-breakpoint
CREATE TABLE `model_routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`portkey_gateway_id` text NOT NULL,
	`rule_type` text NOT NULL,
	`rule_value` text NOT NULL,
	`priority` integer DEFAULT 0,
	`enabled` integer DEFAULT true,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`portkey_gateway_id`) REFERENCES `portkey_gateways`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_gateway_id` ON `model_routing_rules` (`portkey_gateway_id`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_rule_type` ON `model_routing_rules` (`rule_type`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_enabled` ON `model_routing_rules` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_priority` ON `model_routing_rules` (`priority`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`provider_id` text,
	`model_identifier` text NOT NULL,
	`enabled` integer DEFAULT true,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`is_virtual` integer DEFAULT false,
	`routing_config_id` text,
	`model_attributes` text,
	`prompt_config` text,
	`compression_config` text,
	`expert_routing_id` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_models_provider_id` ON `models` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_models_enabled` ON `models` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_models_is_virtual` ON `models` (`is_virtual`);--> statement-breakpoint
CREATE INDEX `idx_models_routing_config_id` ON `models` (`routing_config_id`);--> statement-breakpoint
CREATE INDEX `idx_models_expert_routing_id` ON `models` (`expert_routing_id`);--> statement-breakpoint
CREATE TABLE `portkey_gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`is_default` integer DEFAULT false,
	`enabled` integer DEFAULT true,
	`container_name` text,
	`port` integer,
	`api_key` text,
	`install_status` text DEFAULT 'pending',
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_heartbeat` integer,
	`agent_version` text
);
--> statement-breakpoint
CREATE INDEX `idx_portkey_gateways_enabled` ON `portkey_gateways` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_portkey_gateways_is_default` ON `portkey_gateways` (`is_default`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`base_url` text NOT NULL,
	`api_key` text NOT NULL,
	`model_mapping` text,
	`enabled` integer DEFAULT true,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `routing_configs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`config` text NOT NULL,
	`enabled` integer DEFAULT true,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `idx_routing_configs_type` ON `routing_configs` (`type`);--> statement-breakpoint
CREATE INDEX `idx_routing_configs_enabled` ON `routing_configs` (`enabled`);--> statement-breakpoint
CREATE TABLE `system_config` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`description` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE TABLE `virtual_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`key_value` text NOT NULL,
	`key_hash` text NOT NULL,
	`name` text NOT NULL,
	`provider_id` text,
	`model_id` text,
	`routing_strategy` text DEFAULT 'single',
	`model_ids` text,
	`routing_config` text,
	`enabled` integer DEFAULT true,
	`rate_limit` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`cache_enabled` integer DEFAULT false,
	`disable_logging` integer DEFAULT false,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `virtual_keys_key_value_unique` ON `virtual_keys` (`key_value`);--> statement-breakpoint
CREATE UNIQUE INDEX `virtual_keys_key_hash_unique` ON `virtual_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `idx_virtual_keys_provider_id` ON `virtual_keys` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_virtual_keys_model_id` ON `virtual_keys` (`model_id`);