import type { OperatorCaller } from './service.js';

/**
 * `npm run portal -- <command>`: the operator's console. It opens the database the server uses
 * (DATABASE_URL, else DATA_DIR/portal.db), brings its schema up to date and acts as the server
 * would; a running server sees the new portal on its next request.
 * Exit codes: 0 done, 1 refused (the reason on stderr), 2 wrong usage.
 */

const USAGE = `Порталы установки:
  npm run portal -- create <адрес> "<название>" <e-mail администратора>
      создаёт портал и печатает ссылку-приглашение его администратора
  npm run portal -- list
      порталы: адрес, название, участники, дата создания
  npm run portal -- operator <e-mail> [--revoke]
      даёт учётной записи права оператора (страница /admin/portals) или, с --revoke, забирает их
  npm run portal -- operator
      операторы установки
  npm run portal -- search-rebuild [<адрес>]
      строит заново поисковый индекс портала (без адреса — всех порталов)

Адрес портала: от 3 до 40 символов — строчные латинские буквы, цифры и дефис.
База данных — та же, что у сервера: DATABASE_URL или DATA_DIR (по умолчанию ./data).`;

const FIELD_LABELS: Record<string, string> = { name: 'Адрес', title: 'Название', adminEmail: 'E-mail администратора', email: 'E-mail' };

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const consoleIO: CliIO = { out: (l) => console.log(l), err: (l) => console.error(l) };

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd(),
  );
}

/** Runs one command; resolves to the process's exit code. */
export async function runPortalCli(argv: string[], io: CliIO = consoleIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...args] = argv;
  const flags = args.filter((a) => a.startsWith('--'));
  const positional = args.filter((a) => !a.startsWith('--'));
  const usage = (problem?: string) => {
    if (problem) io.err(`Ошибка: ${problem}\n`);
    io.err(USAGE);
    return 2;
  };

  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'create' && positional.length !== 3) return usage('create ждёт три значения: адрес, название (в кавычках, если в нём пробелы) и e-mail администратора.');
  if (command === 'list' && positional.length) return usage('list не принимает значений.');
  if (command === 'operator' && (positional.length > 1 || flags.some((f) => f !== '--revoke') || (flags.length && !positional.length)))
    return usage('operator ждёт один e-mail и, по желанию, --revoke.');
  if (command === 'search-rebuild' && (positional.length > 1 || flags.length)) return usage('search-rebuild ждёт не больше одного значения: адрес портала.');
  if (!['create', 'list', 'operator', 'search-rebuild'].includes(command)) return usage(`нет такой команды: ${command}.`);

  // Loaded only now: a wrong command is answered at once, without opening the server's code.
  const [{ buildApp }, { loadConfig }, { AppError }, { t }, operator, search] = await Promise.all([
    import('../../app.js'),
    import('../../platform/config.js'),
    import('../../platform/errors.js'),
    import('../../platform/i18n/index.js'),
    import('./service.js'),
    import('../search/api.js'),
  ]);
  const config = loadConfig(env, { logLevel: 'silent' });
  const built = await buildApp(config, { logger: false });
  const { platform } = built;
  const asConsole: OperatorCaller = { kind: 'console', lang: 'ru' };
  try {
    if (command === 'create') {
      const [name, title, adminEmail] = positional as [string, string, string];
      const created = await operator.createPortalWithAdmin(platform, asConsole, { name, title, adminEmail });
      io.out(`Портал «${created.portal.title}» создан: ${created.portal.url}`);
      io.out(`Администратор: ${created.adminEmail}`);
      io.out(`Ссылка-приглашение (действует 7 дней):`);
      io.out(`  ${created.inviteUrl}`);
      io.out(config.smtpUrl ? 'Письмо с ней отправлено администратору.' : 'Почта не настроена (SMTP_URL): передайте ссылку администратору сами.');
    } else if (command === 'list') {
      const portals = await operator.listPortals(platform, asConsole);
      if (!portals.length) io.out('Порталов пока нет.');
      else {
        const rows = [['Адрес', 'Название', 'Участники', 'Приглашены', 'Создан', 'Ссылка']];
        for (const p of portals) rows.push([p.name, p.title, String(p.members), String(p.invited), formatDate(p.createdAt), p.url]);
        for (const line of table(rows)) io.out(line);
      }
    } else if (command === 'search-rebuild') {
      const portals = (await operator.listPortals(platform, asConsole)).filter((p) => !positional.length || p.name === positional[0]);
      if (!portals.length) {
        io.err(`Ошибка: портал «${positional[0]}» не найден.`);
        return 1;
      }
      for (const p of portals) {
        const started = Date.now();
        const n = await search.rebuildIndex(platform, p.name, (kind, done) => {
          if (done % 10_000 === 0) io.out(`  ${p.name}: ${kind} — ${done}`);
        });
        io.out(`Портал ${p.name}: записей в индексе — ${n}, за ${((Date.now() - started) / 1000).toFixed(1)} с.`);
      }
    } else if (positional.length) {
      const revoke = flags.includes('--revoke');
      await operator.setOperator(platform, positional[0]!, !revoke);
      io.out(revoke ? `${positional[0]} больше не оператор.` : `${positional[0]} теперь оператор: порталы — на странице ${config.publicUrl}/admin/portals`);
    } else {
      const operators = await operator.listOperators(platform);
      io.out(operators.length ? `Операторы: ${operators.join(', ')}` : 'Операторов нет. Назначьте: npm run portal -- operator <e-mail>');
    }
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const fields = err.fields ?? [];
    if (!fields.length) io.err(`Ошибка: ${t('ru', err.messageKey, err.params)}`);
    for (const f of fields) io.err(`Ошибка: ${FIELD_LABELS[f.field] ?? f.field}: ${t('ru', f.message, f.params)}`);
    return 1;
  } finally {
    await built.close();
  }
}
