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
