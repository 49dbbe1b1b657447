// "Não bateu": the plain-text message for +fidelidade's support, in the owner's language, from
// the facts Rust gathered (store ID, the orders marked, their statuses and expected points, the
// final statuses chosen, the app version). No customer's name, document or e-mail is in them.
import type { Locale, SupportReport } from '$lib/backend';
import { t, tn } from '$lib/i18n/index.svelte';
import { formatCount, formatDateTime } from '$lib/i18n/format';

export function supportMessage(report: SupportReport, locale: Locale): string {
  const orders = report.orders.map((o) =>
    t('first.support.order', {
      number: o.number,
      placed: formatDateTime(o.placed_at, locale),
      status: o.status,
      points: formatCount(o.points, locale),
      due: formatDateTime(o.due_at, locale),
    }),
  );
  return [
    t('first.support.greeting'),
    '',
    t('first.support.body'),
    ...orders,
    '',
    t('first.support.store', { id: report.store_id }),
    t('first.support.finals', { statuses: report.final_statuses.join(', ') }),
    t('first.support.rule', { rule: tn('first.ruleText', report.earn_points_per_real) }),
    t('first.support.version', { version: report.app_version }),
    '',
    t('first.support.attached'),
  ].join('\n');
}
