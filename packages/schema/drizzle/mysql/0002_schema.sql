ALTER TABLE `api_requests` DROP FOREIGN KEY `fk_api_requests_virtual_key_id`;
--> statement-breakpoint
ALTER TABLE `api_requests` DROP FOREIGN KEY `fk_api_requests_provider_id`;
--> statement-breakpoint
ALTER TABLE `expert_routing_logs` DROP FOREIGN KEY `fk_expert_routing_logs_virtual_key_id`;
--> statement-breakpoint
-- InnoDB made an index of that name for the foreign key (no other index starts with the column); the schema's own
-- index below replaces it.
DROP INDEX `fk_expert_routing_logs_virtual_key_id` ON `expert_routing_logs`;
--> statement-breakpoint
ALTER TABLE `expert_routing_logs` DROP FOREIGN KEY `fk_expert_routing_logs_expert_routing_id`;
--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_virtual_key_id` ON `expert_routing_logs` (`virtual_key_id`);