CREATE TABLE `api_requests` (
	`id` varbinary(255) NOT NULL,
	`virtual_key_id` varbinary(255),
	`provider_id` varbinary(3072),
	`model` longtext,
	`prompt_tokens` bigint DEFAULT 0,
	`completion_tokens` bigint DEFAULT 0,
	`total_tokens` bigint DEFAULT 0,
	`status` varchar(255),
	`response_time` double,
	`error_message` longtext,
	`created_at` bigint NOT NULL,
	`request_body` longtext,
	`response_body` longtext,
	`cache_hit` boolean DEFAULT false,
	`prompt_cache_hit_tokens` bigint DEFAULT 0,
	`prompt_cache_write_tokens` bigint DEFAULT 0,
	CONSTRAINT `api_requests_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `expert_routing_configs` (
	`id` varbinary(255) NOT NULL,
	`name` longtext NOT NULL,
	`description` longtext,
	`enabled` boolean DEFAULT true,
	`config` longtext NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `expert_routing_configs_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `expert_routing_logs` (
	`id` varbinary(255) NOT NULL,
	`virtual_key_id` varbinary(255),
	`expert_routing_id` varbinary(255) NOT NULL,
	`request_hash` longtext NOT NULL,
	`classifier_model` longtext NOT NULL,
	`classification_result` longtext NOT NULL,
	`selected_expert_id` longtext NOT NULL,
	`selected_expert_type` longtext NOT NULL,
	`selected_expert_name` longtext NOT NULL,
	`classification_time` double,
	`created_at` bigint NOT NULL,
	`original_request` longtext,
	`classifier_request` longtext,
	`classifier_response` longtext,
	CONSTRAINT `expert_routing_logs_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `model_routing_rules` (
	`id` varbinary(255) NOT NULL,
	`name` longtext NOT NULL,
	`description` longtext,
	`portkey_gateway_id` varbinary(255) NOT NULL,
	`rule_type` varchar(255) NOT NULL,
	`rule_value` longtext NOT NULL,
	`priority` bigint DEFAULT 0,
	`enabled` boolean DEFAULT true,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `model_routing_rules_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `models` (
	`id` varbinary(255) NOT NULL,
	`name` longtext NOT NULL,
	`provider_id` varbinary(3072),
	`model_identifier` longtext NOT NULL,
	`enabled` boolean DEFAULT true,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`is_virtual` boolean DEFAULT false,
	`routing_config_id` varbinary(255),
	`model_attributes` longtext,
	`prompt_config` longtext,
	`compression_config` longtext,
	`expert_routing_id` varbinary(255),
	CONSTRAINT `models_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `portkey_gateways` (
	`id` varbinary(255) NOT NULL,
	`name` longtext NOT NULL,
	`url` longtext NOT NULL,
	`description` longtext,
	`is_default` boolean DEFAULT false,
	`enabled` boolean DEFAULT true,
	`container_name` longtext,
	`port` bigint,
	`api_key` longtext,
	`install_status` varchar(255) DEFAULT 'pending',
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`last_heartbeat` bigint,
	`agent_version` longtext,
	CONSTRAINT `portkey_gateways_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` varbinary(3072) NOT NULL,
	`name` longtext NOT NULL,
	`base_url` longtext NOT NULL,
	`api_key` longtext NOT NULL,
	`model_mapping` longtext,
	`enabled` boolean DEFAULT true,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `providers_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `routing_configs` (
	`id` varbinary(255) NOT NULL,
	`name` longtext NOT NULL,
	`description` longtext,
	`type` varchar(255) NOT NULL,
	`config` longtext NOT NULL,
	`enabled` boolean DEFAULT true,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `routing_configs_id` PRIMARY KEY(`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `system_config` (
	`key` varbinary(255) NOT NULL,
	`value` longtext NOT NULL,
	`description` longtext,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `system_config_key` PRIMARY KEY(`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varbinary(255) NOT NULL,
	`username` varbinary(3072) NOT NULL,
	`password_hash` longtext NOT NULL,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_unique` UNIQUE(`username`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
CREATE TABLE `virtual_keys` (
	`id` varbinary(255) NOT NULL,
	`key_value` varbinary(3072) NOT NULL,
	`key_hash` varbinary(3072) NOT NULL,
	`name` longtext NOT NULL,
	`provider_id` varbinary(3072),
	`model_id` varbinary(255),
	`routing_strategy` varchar(255) DEFAULT 'single',
	`model_ids` longtext,
	`routing_config` longtext,
	`enabled` boolean DEFAULT true,
	`rate_limit` bigint,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	`cache_enabled` boolean DEFAULT false,
	`disable_logging` boolean DEFAULT false,
	CONSTRAINT `virtual_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `virtual_keys_key_value_unique` UNIQUE(`key_value`),
	CONSTRAINT `virtual_keys_key_hash_unique` UNIQUE(`key_hash`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--> statement-breakpoint
ALTER TABLE `api_requests` ADD CONSTRAINT `fk_api_requests_virtual_key_id` FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_requests` ADD CONSTRAINT `fk_api_requests_provider_id` FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `expert_routing_logs` ADD CONSTRAINT `fk_expert_routing_logs_virtual_key_id` FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `expert_routing_logs` ADD CONSTRAINT `fk_expert_routing_logs_expert_routing_id` FOREIGN KEY (`expert_routing_id`) REFERENCES `expert_routing_configs`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_routing_rules` ADD CONSTRAINT `fk_model_routing_rules_portkey_gateway_id` FOREIGN KEY (`portkey_gateway_id`) REFERENCES `portkey_gateways`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `models` ADD CONSTRAINT `fk_models_provider_id` FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD CONSTRAINT `fk_virtual_keys_provider_id` FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `virtual_keys` ADD CONSTRAINT `fk_virtual_keys_model_id` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `idx_api_requests_created_at` ON `api_requests` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_virtual_key_created` ON `api_requests` (`virtual_key_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_provider_id` ON `api_requests` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_api_requests_status` ON `api_requests` (`status`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_configs_enabled` ON `expert_routing_configs` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_configs_created_at` ON `expert_routing_configs` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_config_created` ON `expert_routing_logs` (`expert_routing_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_created_at` ON `expert_routing_logs` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_gateway_id` ON `model_routing_rules` (`portkey_gateway_id`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_rule_type` ON `model_routing_rules` (`rule_type`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_enabled` ON `model_routing_rules` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_model_routing_rules_priority` ON `model_routing_rules` (`priority`);--> statement-breakpoint
CREATE INDEX `idx_models_provider_id` ON `models` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_models_enabled` ON `models` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_models_is_virtual` ON `models` (`is_virtual`);--> statement-breakpoint
CREATE INDEX `idx_models_routing_config_id` ON `models` (`routing_config_id`);--> statement-breakpoint
CREATE INDEX `idx_models_expert_routing_id` ON `models` (`expert_routing_id`);--> statement-breakpoint
CREATE INDEX `idx_portkey_gateways_enabled` ON `portkey_gateways` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_portkey_gateways_is_default` ON `portkey_gateways` (`is_default`);--> statement-breakpoint
CREATE INDEX `idx_routing_configs_type` ON `routing_configs` (`type`);--> statement-breakpoint
CREATE INDEX `idx_routing_configs_enabled` ON `routing_configs` (`enabled`);--> statement-breakpoint
CREATE INDEX `idx_virtual_keys_provider_id` ON `virtual_keys` (`provider_id`);--> statement-breakpoint
CREATE INDEX `idx_virtual_keys_model_id` ON `virtual_keys` (`model_id`);