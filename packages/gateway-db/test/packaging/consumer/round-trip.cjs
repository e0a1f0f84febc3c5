/**
 * What both consumers do with the gateway-db module they loaded (the ES module one and the CommonJS one differ only
 * in how they load it): open a new SQLite store at argv[2], write a provider, read it back, run a dashboard read
 * (the SQLite read worker loads better-sqlite3 from a path the package resolves), close. Prints one JSON line.
 */
module.exports = async function roundTrip(gatewayDb, format) {
  const db = await gatewayDb.createGatewayDb({
    dialect: 'sqlite',
    sqlite: { path: process.argv[2] },
    // No legacy file: the start-up import still runs (the migrator is loaded) and finds nothing to import.
    legacyDbPath: `${process.argv[2]}.legacy-absent.db`,
    logger: gatewayDb.silentLogger,
  });
  try {
    const created = await db.providers.create({
      id: `provider-${format}`,
      name: 'Example provider',
      base_url: 'https://llm.example',
      api_key: 'iv:cipher',
    });
    const read = await db.providers.getById(created.id);
    const stats = await db.apiRequests.getStats();
    const exports = Object.keys(gatewayDb).sort();
    console.log(JSON.stringify({ format, provider: read, totalRequests: stats.totalRequests, exports }));
  } finally {
    await db.close();
  }
};
