import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { productWords, queryTerms, type QueryTerm } from './words.js';

/** Past every letter a stored word may hold: the upper end of a prefix's range. */
const TOP = '\uffff';

/** The products whose words match one query term: a range of the word index plus a few exact words. */
function termIds(ctx: Ctx, term: QueryTerm) {
  return scoped(ctx)
    .selectFrom('catalog_product_word')
    .select('catalog_product_word.product_id')
    .where((eb) => {
      const ors: Expression<SqlBool>[] = [eb.and([eb('catalog_product_word.word', '>=', term.prefix), eb('catalog_product_word.word', '<', term.prefix + TOP)])];
      if (term.exact.length) ors.push(eb('catalog_product_word.word', 'in', term.exact));
      return eb.or(ors);
    });
}

/**
 * The condition «the product matches every word of `q`» (any word form of a name's word, the
 * start of the SKU), or null when `q` has no word to look for.
 */
export function matchesQuery(ctx: Ctx, q: string | undefined): ((eb: ExpressionBuilder<Database, 'catalog_product'>) => Expression<SqlBool>) | null {
  const terms = queryTerms(q ?? '');
  if (!terms.length) return null;
  return (eb) => eb.and(terms.map((term) => eb('catalog_product.id', 'in', termIds(ctx, term))));
}

/** Rewrites a product's words (in the caller's transaction, beside the product's own write). */
export async function indexProduct(ctx: Ctx, productId: number, name: string, sku: string): Promise<void> {
  await scoped(ctx).deleteFrom('catalog_product_word').where('product_id', '=', productId).execute();
  const words = productWords(name, sku);
  if (words.length)
    await scoped(ctx)
      .insertInto(
        'catalog_product_word',
        words.map((word) => ({ word, product_id: productId })),
      )
      .execute();
}

export async function unindexProducts(ctx: Ctx, productIds: number[]): Promise<void> {
  for (let i = 0; i < productIds.length; i += 500)
    await scoped(ctx)
      .deleteFrom('catalog_product_word')
      .where('product_id', 'in', productIds.slice(i, i + 500))
      .execute();
}

const wordIn = (eb: ExpressionBuilder<any, any>, column: string, term: QueryTerm): Expression<SqlBool> => {
  const ors: Expression<SqlBool>[] = [eb.and([eb(column, '>=', term.prefix), eb(column, '<', term.prefix + TOP)])];
  if (term.exact.length) ors.push(eb(column, 'in', term.exact));
  return eb.or(ors);
};

/**
 * The picker's search: driven by the word index of the longest query word, each product it meets
 * checked for the other words, stopping at `limit` — so a common word costs no more than a rare one.
 */
export function searchQuery(ctx: Ctx, q: string, all: boolean) {
  const terms = queryTerms(q).sort((a, b) => b.prefix.length - a.prefix.length);
  const [first, ...rest] = terms;
  if (!first) return null;
  let query = scoped(ctx)
    .selectFrom('catalog_product_word')
    .innerJoin('catalog_product', (j) => j.onRef('catalog_product.id', '=', 'catalog_product_word.product_id').on('catalog_product.portal_id', '=', ctx.portal.id))
    .where((eb) => wordIn(eb, 'catalog_product_word.word', first));
  if (!all) query = query.where('catalog_product.active', '=', 1);
  for (const term of rest) {
    query = query.where((eb) =>
      eb.exists(
        // Correlated with the product row above, whose portal is checked.
        (ctx.db as any)
          .selectFrom('catalog_product_word as other')
          .select('other.product_id')
          .whereRef('other.portal_id', '=', 'catalog_product.portal_id')
          .whereRef('other.product_id', '=', 'catalog_product.id')
          .where((e: ExpressionBuilder<any, any>) => wordIn(e, 'other.word', term)),
      ),
    );
  }
  return query;
}
