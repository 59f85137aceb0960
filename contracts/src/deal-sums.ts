/**
 * The sums of a deal's product rows, in kopecks (minor units), as Bitrix24 shows them: per row
 * price × quantity less the discount (a percent of that, or a sum off each unit); the tax either
 * inside that («Налог включён») or added on top; and over the rows «Сумма без налога», «Налог (НДС)» and «Итого». The one computation the
 * server stores (the deal's amount is «Итого») and the card shows while a row is being edited.
 */

export interface ProductLine {
  /** Price of one unit, in kopecks. */
  priceMinor: number;
  quantity: number;
  /** `percent` (the default): `discountPercent` of price × quantity; `sum`: `discountSumMinor` off each unit, as Bitrix24 keeps it. */
  discountType?: 'percent' | 'sum';
  discountPercent: number;
  /** The discount off one unit, in kopecks (with `discountType: 'sum'`). */
  discountSumMinor?: number;
  taxPercent: number;
  /** The price already holds the tax («Налог включён»); otherwise the tax is added on top. */
  taxIncluded: boolean;
}

export interface ProductSums {
  /** The discount given, in kopecks. */
  discount: number;
  /** «Сумма без налога». */
  net: number;
  /** «Налог (НДС)». */
  tax: number;
  /** «Итого»: net + tax. */
  total: number;
}

/** Rounds to a whole kopeck, halves away from zero, without float noise turning 4.5 into 4.4999…. */
export function roundMinor(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const nudge = Math.min(Math.abs(x) * 1e-12, 1e-6);
  return Math.sign(x) * Math.round(Math.abs(x) + nudge);
}

/** One row: each sum rounded to the kopeck, so the row's net and tax add up to its total exactly. */
export function productLineSums(p: ProductLine): ProductSums {
  const gross = roundMinor(p.priceMinor * p.quantity);
  const discount = p.discountType === 'sum' ? Math.min(gross, roundMinor((p.discountSumMinor ?? 0) * p.quantity)) : roundMinor((gross * p.discountPercent) / 100);
  const afterDiscount = gross - discount;
  const rate = p.taxPercent > 0 ? p.taxPercent : 0;
  if (p.taxIncluded) {
    const tax = roundMinor((afterDiscount * rate) / (100 + rate));
    return { discount, net: afterDiscount - tax, tax, total: afterDiscount };
  }
  const tax = roundMinor((afterDiscount * rate) / 100);
  return { discount, net: afterDiscount, tax, total: afterDiscount + tax };
}

/** The totals over the rows: the sums of the rows' rounded sums. */
export function productTotals(lines: ProductLine[]): ProductSums {
  const out: ProductSums = { discount: 0, net: 0, tax: 0, total: 0 };
  for (const l of lines) {
    const s = productLineSums(l);
    out.discount += s.discount;
    out.net += s.net;
    out.tax += s.tax;
    out.total += s.total;
  }
  return out;
}
