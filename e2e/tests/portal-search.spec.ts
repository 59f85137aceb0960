import { expect, test, type Locator, type Page } from '@playwright/test';
import { PEOPLE } from '../support/env';
import { mainContent, shot, signIn, signedInPage } from '../support/portal';
import { api, createDeal, salesPipeline, stageId, uniqueWord } from '../support/crm-helpers';

interface BoxResults {
  groups: { kind: string; title: string; items: { id: string; title: string }[] }[];
  corrected: string | null;
}

/** The top bar's search box. */
function searchBox(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Поиск', exact: true });
}

function resultsPanel(page: Page): Locator {
  return page.getByRole('listbox');
}

/** The titles the box's API gives for `q`, by group title. */
async function boxTitles(page: Page, q: string): Promise<Record<string, string[]>> {
  const res = await api<BoxResults>(page, 'GET', `/api/search?q=${encodeURIComponent(q)}&limit=10`);
  return Object.fromEntries(res.groups.map((g) => [g.title, g.items.map((i) => i.title)]));
}

/** The index follows writes through the events outbox: waits until the box's API finds `title` for `q`. */
async function waitIndexed(page: Page, q: string, title: string): Promise<void> {
  await expect.poll(async () => Object.values(await boxTitles(page, q)).flat(), { timeout: 20_000 }).toContain(title);
}

/** The results page's list and its rows. */
function resultList(page: Page): Locator {
  return mainContent(page).getByRole('list', { name: 'Результаты поиска' });
}

test.describe('the portal search', () => {
  test('«cltkrf» typed in the English layout finds deals, and says it searched for «сделка»', async ({ page }) => {
    await signIn(page, PEOPLE.admin);
    const pipeline = await salesPipeline(page);
    const deal = await createDeal(page, { title: `Сделка ${uniqueWord('Раскладка')}`, pipelineId: pipeline.id, stageId: stageId(pipeline, 'Новая'), amount: '150000' });
    await waitIndexed(page, 'сделка', deal.title);

    const search = searchBox(page);
    await search.fill('cltkrf');
    const panel = resultsPanel(page);
    await expect(panel.getByText('Результаты по запросу «сделка»')).toBeVisible();
    await expect(panel.locator('.mantine-Combobox-groupLabel', { hasText: /^Сделки$/ })).toBeVisible();
    const option = panel.getByRole('option', { name: deal.title });
    await expect(option).toBeVisible();
    // The matched word is in bold.
    await expect(option.locator('mark')).toHaveText('Сделка');
    await expect(panel.getByRole('option', { name: 'Показать все результаты' })).toBeVisible();
    await shot(page, 'portal-search-box-layout');

    // The keyboard: the first result is preselected, the arrows move, Escape closes.
    await search.press('ArrowUp');
    await expect(panel.getByRole('option', { name: 'Показать все результаты' })).toHaveAttribute('data-combobox-selected', 'true');
    await search.press('Escape');
    await expect(panel).toBeHidden();

    // Enter on «Показать все результаты»: the results page says the same.
    await search.fill('');
    await search.fill('cltkrf');
    await expect(panel.getByRole('option', { name: deal.title })).toBeVisible();
    await search.press('ArrowUp');
    await search.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=cltkrf$/);
    await expect(mainContent(page).getByText('Результаты по запросу «сделка»')).toBeVisible();
    await expect(resultList(page).getByRole('link', { name: new RegExp(deal.title) })).toBeVisible();
    await shot(page, 'portal-search-page-layout');
  });

  test('a colleague is found under «Сотрудники» with one letter of the surname wrong', async ({ page }) => {
    await signIn(page, PEOPLE.tm1);
    // «Соколова» (Мария Соколова) typed as «Сокалова».
    await expect.poll(async () => (await boxTitles(page, 'Сокалова'))['Сотрудники'] ?? [], { timeout: 20_000 }).toContain('Мария Соколова');

    const search = searchBox(page);
    await search.fill('Сокалова');
    const panel = resultsPanel(page);
    const person = panel.getByRole('option', { name: /Мария Соколова/ });
    await expect(person).toBeVisible();
    await expect(panel).toContainText('Сотрудники');
    await shot(page, 'portal-search-box-typo');
    await person.click();
    await expect(page).toHaveURL(/\/company\/personal\/user\/\d+$/);
    await expect(search).toHaveValue('');
  });

  test('a telemarketer does not find a deal of «Отдел продаж»; the administrator does', async ({ page, browser }) => {
    const title = 'Дизайн-проект офиса на Тверской';
    await signIn(page, PEOPLE.admin);
    await waitIndexed(page, 'Тверской', title);
    const search = searchBox(page);
    await search.fill('Тверской');
    await expect(resultsPanel(page).getByRole('option', { name: title })).toBeVisible();
    await search.press('Escape');

    const tm = await signedInPage(browser, PEOPLE.tm1);
    try {
      const p = tm.page;
      expect(Object.values(await boxTitles(p, 'Тверской')).flat()).not.toContain(title);
      const tmSearch = searchBox(p);
      await tmSearch.fill('Тверской');
      const panel = resultsPanel(p);
      await expect(panel.getByText(/Ищем…/)).toBeHidden();
      await expect(panel.getByRole('option', { name: title })).toHaveCount(0);
      await shot(p, 'portal-search-box-tm1');
      // Nor on the results page.
      await p.goto(`/search?q=${encodeURIComponent('Тверской')}`);
      await expect(mainContent(p).getByRole('heading', { name: 'Поиск', level: 1 })).toBeVisible();
      await expect(mainContent(p).getByText('Ничего не найдено').or(resultList(p))).toBeVisible();
      await expect(mainContent(p).getByRole('link', { name: new RegExp(title) })).toHaveCount(0);
    } finally {
      await tm.context.close();
    }
  });

  test('«Показать все результаты» opens the results page: kinds with counts, «Сделки» narrows the list, the query is remembered', async ({ page }) => {
    await signIn(page, PEOPLE.admin);
    const pipeline = await salesPipeline(page);
    const first = stageId(pipeline, 'Новая');
    // Two deals named after a colleague, so that one query finds employees and deals.
    const word = uniqueWord('Обучение');
    const deals = [
      await createDeal(page, { title: `Кузнецов: ${word} по продукту`, pipelineId: pipeline.id, stageId: first, amount: '90000' }),
      await createDeal(page, { title: `Кузнецов: ${word} по CRM`, pipelineId: pipeline.id, stageId: first, amount: '120000' }),
    ];
    await waitIndexed(page, 'Кузнецов', deals[1]!.title);

    const search = searchBox(page);
    await search.fill('Кузнецов');
    const panel = resultsPanel(page);
    await expect(panel.getByRole('option', { name: /^Иван Кузнецов/ })).toBeVisible();
    await panel.getByRole('option', { name: 'Показать все результаты' }).click();
    await expect(page).toHaveURL(/\/search\?q=%D0%9A/);
    await expect(search).toHaveValue('');

    const content = mainContent(page);
    await expect(content.getByRole('textbox', { name: 'Поисковый запрос' })).toHaveValue('Кузнецов');
    const kinds = content.getByRole('radiogroup', { name: 'Что показывать' });
    const all = kinds.getByRole('radio', { name: /^Все \d+/ });
    const dealsChip = kinds.getByRole('radio', { name: /^Сделки \d+/ });
    const peopleChip = kinds.getByRole('radio', { name: /^Сотрудники \d+/ });
    await expect(all).toBeChecked();
    // The chips are labels of visually hidden radios.
    const dealsLabel = kinds.locator('label', { hasText: /^Сделки/ });
    await expect(dealsLabel).toBeVisible();
    await expect(kinds.locator('label', { hasText: /^Сотрудники \d+/ })).toBeVisible();
    await expect(peopleChip).not.toBeChecked();
    const dealCount = Number((await dealsLabel.innerText()).match(/\d+/)?.[0]);
    expect(dealCount).toBeGreaterThanOrEqual(2);

    const list = resultList(page);
    await expect(list.getByRole('link', { name: new RegExp(deals[0]!.title) })).toBeVisible();
    await expect(list.getByRole('link', { name: /^Иван Кузнецов/ })).toBeVisible();
    const before = await list.getByRole('listitem').count();
    await shot(page, 'portal-search-page');

    await dealsLabel.click();
    await expect(dealsChip).toBeChecked();
    await expect(page).toHaveURL(/kind=crm\.deal/);
    await expect(list.getByRole('link', { name: /^Иван Кузнецов/ })).toHaveCount(0);
    await expect(list.getByRole('link', { name: new RegExp(deals[1]!.title) })).toBeVisible();
    const after = await list.getByRole('listitem').count();
    expect(after).toBeLessThan(before);
    expect(after).toBe(Math.min(dealCount, 20));
    for (const badge of await list.getByRole('listitem').allInnerTexts()) expect(badge).toContain('Сделки');
    await shot(page, 'portal-search-page-deals');

    // Back to «Все», then by author: the deals the administrator created stay, the employee (no author) goes.
    await kinds.locator('label', { hasText: /^Все/ }).click();
    await expect(list.getByRole('link', { name: /^Иван Кузнецов/ })).toBeVisible();
    const authorField = content.getByRole('textbox', { name: 'Автор' }).or(content.getByRole('combobox', { name: 'Автор' }));
    await authorField.click();
    await authorField.fill('Смирнова');
    await page.getByRole('option', { name: new RegExp(PEOPLE.admin.name) }).click();
    await expect(page).toHaveURL(/author=\d+/);
    await expect(list.getByRole('link', { name: /^Иван Кузнецов/ })).toHaveCount(0);
    await expect(list.getByRole('link', { name: new RegExp(deals[0]!.title) })).toBeVisible();

    // A result opens the deal.
    await list.getByRole('link', { name: new RegExp(deals[1]!.title) }).click();
    await expect(page).toHaveURL(new RegExp(`/crm/deal/details/${deals[1]!.id}`));

    // The box, focused and empty, offers the query again.
    await search.click();
    const recent = resultsPanel(page);
    await expect(recent.getByText('Недавние запросы')).toBeVisible();
    await expect(recent.getByRole('option', { name: 'Кузнецов', exact: true })).toBeVisible();
    await shot(page, 'portal-search-recent');
    await recent.getByRole('button', { name: 'Очистить' }).click();
    await expect(recent.getByRole('option', { name: 'Кузнецов', exact: true })).toHaveCount(0);
  });

  test('the results page shows 20 at a time, «Показать ещё» the rest', async ({ page }) => {
    await signIn(page, PEOPLE.admin);
    const pipeline = await salesPipeline(page);
    const first = stageId(pipeline, 'Новая');
    const word = uniqueWord('Пакет');
    const titles: string[] = [];
    for (let i = 1; i <= 23; i++) titles.push((await createDeal(page, { title: `${word} заказ ${i}`, pipelineId: pipeline.id, stageId: first })).title);
    await expect
      .poll(async () => (await api<{ kinds: { count: number }[] | null }>(page, 'GET', `/api/search/page?q=${encodeURIComponent(word)}`)).kinds?.[0]?.count ?? 0, { timeout: 20_000 })
      .toBe(23);

    await page.goto(`/search?q=${encodeURIComponent(word)}`);
    const list = resultList(page);
    await expect(list.getByRole('listitem')).toHaveCount(20);
    // Newest first.
    await expect(list.getByRole('listitem').first()).toContainText(`${word} заказ 23`);
    await expect(
      mainContent(page)
        .getByRole('radiogroup', { name: 'Что показывать' })
        .locator('label', { hasText: /^Сделки 23$/ }),
    ).toBeVisible();
    await mainContent(page).getByRole('button', { name: 'Показать ещё' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(23);
    await expect(list.getByRole('listitem').last()).toContainText(`${word} заказ 1`);
    await expect(mainContent(page).getByRole('button', { name: 'Показать ещё' })).toHaveCount(0);
  });

  test('the results page: nothing found says what to try', async ({ page }) => {
    await signIn(page, PEOPLE.admin, { start: `/search?q=${encodeURIComponent(uniqueWord('Щъыэ'))}` });
    await expect(mainContent(page).getByText('Ничего не найдено')).toBeVisible();
    await expect(mainContent(page).getByText('Проверьте, правильно ли написаны слова, или попробуйте меньше слов.')).toBeVisible();
    await shot(page, 'portal-search-page-empty');
    // On a phone the filters go under each other and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(mainContent(page).getByRole('textbox', { name: 'Поисковый запрос' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'portal-search-page-phone');
  });
});
