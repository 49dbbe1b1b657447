import type { Check, MessageCode } from '$lib/backend';
import { tc } from '$lib/i18n/index.svelte';

/** The checks in the page's order (the backend's). */
export const CHECKS: readonly Check[] = ['token', 'statuses', 'feed', 'rewards', 'links'];

const NAMES: Record<Check, MessageCode> = {
  token: 'health.check.token',
  statuses: 'health.check.statuses',
  feed: 'health.check.feed',
  rewards: 'health.check.rewards',
  links: 'health.check.links',
};

/** A check's name before it has a result (a result carries its own `name`); the same codes as
 * Rust's `Check::name`, which `conector-health`'s `ui_names` test holds this map to. */
export function checkName(check: Check): string {
  return tc(NAMES[check]);
}
