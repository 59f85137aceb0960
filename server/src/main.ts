import { loadConfig } from './platform/config.js';
import { buildApp } from './app.js';
import { seedDemo, DEMO_PORTAL } from './demo/seed.js';
import { guardProcess } from './platform/process-guards.js';

const config = loadConfig();
const built = await buildApp(config);
const { app, platform } = built;
guardProcess(app.log);

const demo = await seedDemo(platform, config.demoPassword);
await built.startWorkers();
await app.listen({ port: config.port, host: config.host });

const url = `${config.publicUrl}/`;
const lines = [
  '',
  `  Портал «${DEMO_PORTAL.title}» работает: ${url}`,
  `  (также ${config.publicUrl}/p/${DEMO_PORTAL.name}/)`,
  '',
  '  Вход администратора:',
  `    логин:  ${demo.logins[0]!.email}  или  ${demo.logins[0]!.phone}`,
  demo.password
    ? `    пароль: ${demo.password}${config.demoPassword ? '' : '   (сгенерирован, показан один раз; задайте DEMO_PASSWORD, чтобы выбрать свой)'}`
    : `    пароль: ${config.demoPassword ? 'значение DEMO_PASSWORD' : 'показан при первом запуске'}`,
  `  Другие сотрудники (тот же пароль): ${demo.logins
    .slice(1)
    .map((l) => l.email)
    .join(', ')}`,
  '',
];
console.log(lines.join('\n'));

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await built.close();
    process.exit(0);
  });
}
