-- gateway-db runs this instead of ../sqlite/0002_schema.sql (drizzle-kit's), with the same result: the log tables'
-- references become plain columns (issue 11.6). drizzle-kit rebuilds both tables, copying every row (minutes and
-- twice the disk at 10M rows); dropping a FOREIGN KEY clause does not change how rows are stored, so the clauses are
-- cut from the stored CREATE TABLE text instead (SQLite's documented writable_schema procedure for dropping
-- constraints), inside the migration's transaction. The CREATE INDEX at the end changes the schema version, so
-- every other connection reloads the schema.
PRAGMA writable_schema=ON;
--> statement-breakpoint
UPDATE sqlite_schema SET sql = replace(replace(sql, ',' || char(10, 9) || 'FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON UPDATE no action ON DELETE set null', ''), ',' || char(10, 9) || 'FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE set null', '') WHERE type = 'table' AND name = 'api_requests';
--> statement-breakpoint
UPDATE sqlite_schema SET sql = replace(replace(sql, ',' || char(10, 9) || 'FOREIGN KEY (`virtual_key_id`) REFERENCES `virtual_keys`(`id`) ON UPDATE no action ON DELETE set null', ''), ',' || char(10, 9) || 'FOREIGN KEY (`expert_routing_id`) REFERENCES `expert_routing_configs`(`id`) ON UPDATE no action ON DELETE cascade', '') WHERE type = 'table' AND name = 'expert_routing_logs';
--> statement-breakpoint
PRAGMA writable_schema=RESET;
--> statement-breakpoint
-- Stops the migration (rolled back, nothing changed) if a clause was written differently and is still there:
-- abs() of the smallest integer fails with "integer overflow".
SELECT abs(CASE WHEN EXISTS (SELECT 1 FROM pragma_foreign_key_list('api_requests') UNION ALL SELECT 1 FROM pragma_foreign_key_list('expert_routing_logs')) THEN -9223372036854775808 ELSE 0 END);
--> statement-breakpoint
CREATE INDEX `idx_expert_routing_logs_virtual_key_id` ON `expert_routing_logs` (`virtual_key_id`);
