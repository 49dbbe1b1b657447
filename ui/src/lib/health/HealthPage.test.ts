import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit as emitEvent } from '@tauri-apps/api/event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import HealthPage from './HealthPage.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type { CheckResult, FirstHours, HealthRun, HealthView, Recorded } from '$lib/backend';

const RUN_AT = '2026-11-30T15:00:00Z';

function recorded(result: Partial<CheckResult> & Pick<CheckResult, 'check'>): Recorded {
  return {
    run_at: RUN_AT,
    result: {
      name: `health.check.${result.check}`,
      state: 'ok',
      found: { code: 'health.token.ok', params: { count: { kind: 'number', value: 9 } } },
      also: [],
      todo: null,
      ...result,
    },
  };
}

const HEALTHY: Recorded[] = [
  recorded({ check: 'token' }),
  recorded({
    check: 'statuses',
    found: { code: 'health.statuses.ok', params: { count: { kind: 'number', value: 3 } } },
  }),
  recorded({
    check: 'feed',
    found: {
      code: 'health.feed.unchanged',
      params: {
        count: { kind: 'number', value: 100000 },
        since: { kind: 'date_time', value: '2026-11-30T12:00:00Z' },
      },
    },
  }),
  recorded({
    check: 'rewards',
    found: { code: 'health.rewards.ok', params: { count: { kind: 'number', value: 2 } } },
  }),
  recorded({
    check: 'links',
    found: { code: 'health.links.ok', params: { count: { kind: 'number', value: 2 } } },
  }),
];

function view(over: Partial<HealthView> = {}): HealthView {
  return {
    watching: true,
    live_since: '2026-11-30T12:00:00Z',
    last_run: RUN_AT,
    next_run: '2026-11-30T16:00:00Z',
    checks: HEALTHY,
    history: [
      { day: '2026-11-29', check: 'token', worst: 'ok', runs: 24, bad_runs: 0 },
      { day: '2026-11-30', check: 'token', worst: 'problem', runs: 12, bad_runs: 2 },
    ],
    ...over,
  };
}

const REVOKED: Recorded = recorded({
  check: 'token',
  state: 'problem',
  found: { code: 'store.token_rejected', params: {} },
  todo: { code: 'health.todo.token', params: {} },
});

const FIRST: FirstHours = {
  live_since: '2026-11-30T12:00:00Z',
  earn_points_per_real: 1,
  limit: 20,
  read_at: '2026-11-30T15:00:00Z',
  read_error: null,
  erased: false,
  orders: [
    {
      order_id: 1201,
      number: '51201',
      customer: 'Maria da Silva',
      placed_at: '2026-11-30T14:00:00Z',
      status_id: '21',
      status_name: 'Entregue',
      expected: { kind: 'points', points: 1299, due_at: '2026-12-03T14:00:00Z', due_from: 'placed' },
      answerable: false,
      answer: null,
    },
  ],
};

function fakeBackend(start: HealthView, options: { first?: FirstHours | null } = {}) {
  const calls: string[] = [];
  let current = start;
  let autostart = false;
  mockIPC(
    (cmd, args) => {
      calls.push(cmd);
      switch (cmd) {
        case 'health_view':
          return current;
        case 'health_check_now':
          return current;
        case 'health_first_hours':
          return options.first ?? null;
        case 'health_accept_feed_count':
          return 700;
        case 'health_autostart':
          return autostart;
        case 'health_set_autostart':
          autostart = (args as { on: boolean }).on;
          return autostart;
        default:
          throw new Error(`unexpected command ${cmd}`);
      }
    },
    { shouldMockEvents: true },
  );
  return { calls, set: (v: HealthView) => (current = v) };
}

describe('the integration health page', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('shows one line per check with its state and what it found, and since when it watches', async () => {
    fakeBackend(view());
    render(HealthPage);
    expect((await screen.findByTestId('health-state-token')).textContent).toBe('OK');
    expect(screen.getByTestId('health-found-token').textContent).toBe(
      'A loja aceitou o token e respondeu com 9 status de pedido.',
    );
    expect(screen.getByTestId('health-found-feed').textContent).toContain('100.000 produtos');
    expect(screen.getByTestId('health-watching').textContent).toContain('Monitoramento ligado desde');
    expect(screen.getByTestId('health-when-token').textContent).toContain('Conferido em');
    expect(screen.queryByTestId('health-todo-token')).toBeNull();
    expect(screen.getByTestId('health-history-token-2026-11-30').dataset['state']).toBe('problem');
    expect(screen.getByTestId('health-history-token-2026-11-29').dataset['state']).toBe('ok');
  });

  it('says when a check that could not run was tried, not that it was checked', async () => {
    const skipped = recorded({
      check: 'rewards',
      state: 'skipped',
      found: { code: 'health.rewards.not_checked', params: {} },
    });
    fakeBackend(view({ checks: [...HEALTHY.slice(0, 3), skipped, HEALTHY[4]!] }));
    render(HealthPage);
    expect((await screen.findByTestId('health-state-rewards')).textContent).toBe('Não conferido');
    const when = screen.getByTestId('health-when-rewards').textContent ?? '';
    expect(when).toContain('Tentado em');
    expect(when).not.toContain('Conferido em');
    expect(screen.getByRole('heading', { name: 'Prêmios' })).toBeTruthy();
  });

  it('says what to do for a refused token, and refreshes on its own when a run happens', async () => {
    const backend = fakeBackend(view());
    render(HealthPage);
    await screen.findByTestId('health-found-token');
    backend.set(view({ checks: [REVOKED, ...HEALTHY.slice(1)] }));
    await vi.waitFor(async () => {
      const run: HealthRun = {
        report: { checked_at: RUN_AT, results: [REVOKED.result] },
        notices: [{ kind: 'turned_bad', check: 'token', state: 'problem' }],
      };
      await emitEvent('health-run-event', run);
      expect(screen.getByTestId('health-state-token').textContent).toBe('Problema');
    });
    const todo = screen.getByTestId('health-todo-token').textContent ?? '';
    expect(todo).toContain('"+Fidelidade"');
    expect(todo).toContain('passo 4');
  });

  it('right after go-live, shows the first run even when its event never reaches the page', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const pending = view({ last_run: null, checks: [], next_run: null });
      const backend = fakeBackend(pending);
      render(HealthPage);
      await screen.findByTestId('health-watching');
      expect(screen.getByTestId('health-state-token').textContent).toBe('—');
      // The run ends; no event is sent. Two seconds later the page has read it.
      backend.set(view());
      const reads = backend.calls.filter((c) => c === 'health_view').length;
      await vi.advanceTimersByTimeAsync(2000);
      await vi.waitFor(() => expect(screen.getByTestId('health-state-token').textContent).toBe('OK'));
      expect(backend.calls.filter((c) => c === 'health_view').length).toBeGreaterThan(reads);
      // Once the first run is there, the page stops reading on its own.
      const after = backend.calls.filter((c) => c === 'health_view').length;
      await vi.advanceTimersByTimeAsync(20000);
      expect(backend.calls.filter((c) => c === 'health_view').length).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an older read that answers last does not hide a run that ended meanwhile', async () => {
    // The first read answers from before the run, but only after the page's second read (made
    // once it listens for runs) has answered with the run: the run must stay on screen.
    const before = view({ last_run: null, checks: [] });
    let answerFirst: (v: HealthView) => void = () => {};
    let reads = 0;
    mockIPC(
      (cmd) => {
        switch (cmd) {
          case 'health_view':
            reads += 1;
            return reads === 1 ? new Promise<HealthView>((r) => (answerFirst = r)) : view();
          case 'health_first_hours':
            return null;
          case 'health_autostart':
            return false;
          default:
            throw new Error(`unexpected command ${cmd}`);
        }
      },
      { shouldMockEvents: true },
    );
    render(HealthPage);
    expect((await screen.findByTestId('health-state-token')).textContent).toBe('OK');
    answerFirst(before);
    // One macrotask turn: every promise the stale answer resolves has settled by then.
    await new Promise((r) => setTimeout(r, 0));
    await vi.waitFor(() => expect(reads).toBe(2));
    expect(screen.getByTestId('health-state-token').textContent).toBe('OK');
  });

  it('before go-live, says when the watch starts; "Verificar agora" still runs the checks', async () => {
    const backend = fakeBackend(
      view({ watching: false, live_since: null, next_run: null, last_run: null, checks: [], history: [] }),
    );
    render(HealthPage);
    expect((await screen.findByTestId('health-not-watching')).textContent).toContain('passo 10');
    expect(screen.getByTestId('health-last-run').textContent?.trim()).toBe('Nenhuma verificação ainda.');
    expect(screen.getByTestId('health-history').textContent).toContain('primeira verificação');
    await fireEvent.click(screen.getByTestId('health-check-now'));
    await vi.waitFor(() => expect(backend.calls).toContain('health_check_now'));
  });

  it('offers to accept a smaller feed, and the first 72 hours card lists the orders after go-live', async () => {
    const dropped = recorded({
      check: 'feed',
      state: 'warning',
      found: {
        code: 'health.feed.dropped',
        params: {
          count: { kind: 'number', value: 700 },
          previous: { kind: 'number', value: 1000 },
          percent: { kind: 'number', value: 30 },
        },
      },
      todo: { code: 'health.todo.feed_dropped', params: {} },
    });
    fakeBackend(view({ checks: [HEALTHY[0]!, HEALTHY[1]!, dropped, HEALTHY[3]!, HEALTHY[4]!] }), {
      first: FIRST,
    });
    render(HealthPage);
    expect((await screen.findByTestId('health-found-feed')).textContent).toBe(
      'O XML de produtos tem 700 produtos, 30% a menos que os 1.000 de antes.',
    );
    await fireEvent.click(screen.getByTestId('health-accept-count'));
    expect((await screen.findByTestId('health-accepted')).textContent).toContain('700 produtos');
    const card = await screen.findByTestId('first-hours');
    expect(card.textContent).toContain('Maria da Silva');
    expect(screen.getByTestId('first-hours-points').textContent).toBe('1.299 pontos pela sua regra');
    expect(screen.getByTestId('first-hours-later').textContent).toContain('Confira depois de');
  });

  it('switches "iniciar com o computador"', async () => {
    const backend = fakeBackend(view());
    render(HealthPage);
    const box = (await screen.findByTestId('health-autostart')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    await vi.waitFor(() => expect(backend.calls).toContain('health_set_autostart'));
    await vi.waitFor(() => expect(box.checked).toBe(true));
  });
});
