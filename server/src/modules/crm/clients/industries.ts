/** «Вид деятельности»: the values a company's industry may take (the default list of every portal). */
export const INDUSTRIES = ['Информационные технологии', 'Производство', 'Торговля', 'Строительство', 'Услуги', 'Финансы', 'Образование', 'Медицина', 'Дизайн и архитектура', 'Другое'] as const;

export function isIndustry(value: string): boolean {
  return (INDUSTRIES as readonly string[]).includes(value);
}
