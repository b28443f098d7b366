// Preloaded (node --import) into each server the benchmark starts. The parent talks to it over
// an IPC channel; when that channel closes, the parent has gone, however it ended (even
// SIGKILL), so the server exits instead of lingering with its port and database connections.
if (process.connected) {
  process.once('disconnect', () => process.exit(1));
  // The channel is only a lifeline: it must not keep a server alive that wants to exit.
  process.channel?.unref();
}
