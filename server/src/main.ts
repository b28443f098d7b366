import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { createLogger } from './common/logging/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const { app, demoLogins } = await createApp(config, logger);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });

  const url = `http://localhost:${config.port}`;
  logger.info({ url, env: config.env, database: config.database.kind }, 'smart-repair API listening');
  if (demoLogins.length > 0) {
    logger.info({ logins: demoLogins.map(({ username, role }) => ({ username, role })) }, 'demo data loaded');
    const width = Math.max(...demoLogins.map((login) => login.username.length));
    console.log(
      [
        '',
        `智能报修 is running at ${url}  (API docs: ${url}/api/docs)`,
        'Demo accounts (password for all: ' + demoLogins[0]!.password + '):',
        ...demoLogins.map((login) => `  ${login.username.padEnd(width)}  ${login.description}`),
        '',
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
