// Child-process entry for dynalite (plain CommonJS so it starts without a TypeScript loader).
const dynalite = require('dynalite');

const server = dynalite({
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
  path: process.env.DYNALITE_PATH || undefined,
});
// Longer than the SDK's keep-alive, so a client never reuses a socket the server is just closing.
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.DYNALITE_PORT || 0), '127.0.0.1', () => {
  process.send({ endpoint: `http://127.0.0.1:${server.address().port}` });
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
