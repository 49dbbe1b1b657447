// What the "Ler pedidos da loja agora" card shows, folded from the run's events.
import type { ErrorPayload, LiveRun, Phase, RunSummary, SyncProgress } from '$lib/backend';

export type Counters = {
  pages: number;
  pageCount: number | null;
  orders: number;
  customers: number;
  errors: number;
};

export type RunView =
  | { state: 'idle' }
  | { state: 'running'; phase: Phase | null; counters: Counters; cancelling: boolean }
  | { state: 'finished'; summary: RunSummary }
  | { state: 'failed'; error: ErrorPayload };

const ZERO: Counters = { pages: 0, pageCount: null, orders: 0, customers: 0, errors: 0 };

export function starting(): RunView {
  return { state: 'running', phase: null, counters: { ...ZERO }, cancelling: false };
}

export function fromLive(live: LiveRun): RunView {
  const c = live.counts;
  return {
    state: 'running',
    phase: live.phase,
    counters: {
      pages: c.pages,
      pageCount: c.page_count,
      orders: c.orders_read,
      customers: c.customers,
      errors: c.errors,
    },
    cancelling: false,
  };
}

export function reduce(view: RunView, event: SyncProgress): RunView {
  const cancelling = view.state === 'running' && view.cancelling;
  switch (event.event) {
    case 'started':
      return { state: 'running', phase: null, counters: { ...ZERO }, cancelling };
    case 'progress':
      return {
        state: 'running',
        phase: event.phase,
        counters: {
          pages: event.pages,
          pageCount: event.page_count,
          orders: event.orders,
          customers: event.customers,
          errors: event.errors,
        },
        cancelling,
      };
    case 'finished':
      return { state: 'finished', summary: event.summary };
    case 'failed':
      return { state: 'failed', error: event.error };
  }
}

/** How far the listing got, 0–100, when the store announced its page count. */
export function percent(view: RunView): number | null {
  if (view.state !== 'running' || !view.counters.pageCount) return null;
  return Math.min(100, Math.round((100 * view.counters.pages) / view.counters.pageCount));
}
