// The migrator's library API: see migrate.ts.
export {};
