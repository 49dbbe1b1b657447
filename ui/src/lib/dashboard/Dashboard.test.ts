import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit as emitEvent } from '@tauri-apps/api/event';
import type { Channel } from '@tauri-apps/api/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dashboard from './Dashboard.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type {
  CustomerPoints,
  EmailPreviews,
  Estimates,
  Page,
  PreviewRates,
  RunSummary,
  SkippedOrder,
  SyncOverview,
  SyncProgress,
  HistoryEntry,
} from '$lib/backend';

const TOTALS = {
  orders_seen: 312,
  customers: 148,
  orders_earning: 201,
  points_total: 48_213,
  earning_cents: 4_876_300,
  ledger_entries: 205,
  skipped: { status_not_final: 80, cancelled: 25, no_customer_key: 6, unreadable: 1 },
};

const ESTIMATES: Estimates = {
  rates: { earn_points_per_real: 1, cost_points_per_real: 20 },
  since: '2026-08-30',
  period_days: 91,
  cost: {
    points: 48_213,
    worth_cents: 241_065,
    sales_cents: 4_876_300,
    cashback_hundredths_percent: 494,
    monthly_points: 15_894,
    monthly_worth_cents: 79_472,
  },
  emails: {
    pace_since: '2026-11-01',
    pace_days: 28,
    welcome_in_pace: 30,
    points_in_pace: 61,
    welcome_per_week: 8,
    points_per_week: 15,
  },
};

function overview(over: Partial<SyncOverview> = {}): SyncOverview {
  return {
    readiness: { state: 'ready' },
    demo: true,
    store_id: '900000001',
    api_base: 'http://127.0.0.1:4321/ws/',
    settings: { since: '2026-08-30', final_statuses: ['12', '21'], interval_minutes: 15, return_window_days: 120 },
    statuses: [
      { id: '3', name: 'Aguardando pagamento' },
      { id: '12', name: 'Pago' },
      { id: '21', name: 'Entregue' },
      { id: '25', name: 'Cancelado' },
    ],
    status: {
      activation: { state: 'preview', since: null },
      last_run: {
        id: 4,
        store: '900000001',
        started_at: '2026-11-28T12:00:00Z',
        finished_at: '2026-11-28T12:01:05Z',
        result: 'ok',
        error_code: null,
        pages: 7,
        orders_read: 312,
        entries_added: 205,
        requests: 9,
      },
      since: '2026-08-30',
      last_full_pass: '2026-11-28',
      resume_page: null,
      coverage: {
        new_orders_checked_at: '2026-11-28T12:01:05.000Z',
        window_from: '2026-08-30',
        window_checked_at: '2026-11-28T12:01:05.000Z',
        window_in_progress: null,
        returns: [{ status_id: '25', checked_at: '2026-11-28T12:01:04.000Z' }],
        open_before_window: 0,
        open_oldest_checked_at: null,
        unseen_in_window: 0,
      },
    },
    running: null,
    totals: TOTALS,
    emails: {
      welcome: 148,
      points_earned: 201,
      without_address: 7,
      welcome_without_address: 3,
      points_without_address: 4,
    },
    estimates: ESTIMATES,
    ...over,
  };
}

const CUSTOMERS: Page<CustomerPoints> = {
  items: [
    {
      key: 'cpf:52998224725',
      kind: 'cpf',
      name: 'Maria da Silva',
      email: 'maria@exemplo.com.br',
      document: '52998224725',
      phone: null,
      orders: 3,
      orders_earning: 3,
      points: 1_299,
      last_order_at: '2026-11-20T15:00:00Z',
    },
  ],
  total: 148,
  offset: 0,
  limit: 20,
};

const HISTORY: HistoryEntry[] = [
  {
    order_id: 1042,
    number: '1042',
    seq: 3,
    kind: 'earn',
    points: 1_000,
    reason: 'amount_changed',
    amount_cents: 100_000,
    status_id: '21',
    created_at: '2026-11-28T12:01:00Z',
  },
  {
    order_id: 1042,
    number: '1042',
    seq: 2,
    kind: 'reverse',
    points: -1_299,
    reason: 'amount_changed',
    amount_cents: null,
    status_id: '21',
    created_at: '2026-11-28T12:01:00Z',
  },
  {
    order_id: 977,
    number: null,
    seq: 2,
    kind: 'reverse',
    points: -40,
    reason: 'deleted',
    amount_cents: null,
    status_id: '21',
    created_at: '2026-11-27T09:00:00Z',
  },
];

const SKIPPED: Page<SkippedOrder> = {
  items: [
    {
      order_id: 1042,
      number: '1042',
      placed_at: '2026-11-21T15:00:00Z',
      status_id: '25',
      status_name: 'Cancelado',
      reason: 'cancelled',
      unreadable_field: null,
      customer_name: 'João Souza',
      total_cents: 129_990,
      points: 1_299,
    },
  ],
  total: 1,
  offset: 0,
  limit: 15,
};

const EMAILS: EmailPreviews = {
  page: {
    items: [
      {
        kind: 'welcome',
        customer_key: 'cpf:52998224725',
        to_name: 'Maria da Silva',
        to_email: 'maria@exemplo.com.br',
        subject: 'Bem-vindo(a) ao programa de fidelidade da Loja de demonstração',
        text: 'Olá, Maria!\n\nVisitar a loja: http://127.0.0.1:4321/\n',
        html: '',
      },
    ],
    total: 148,
    offset: 0,
    limit: 5,
  },
  settings: {
    store_name: 'Loja de demonstração',
    site_url: 'http://127.0.0.1:4321/',
    signup_url: 'http://127.0.0.1:4321/',
  },
  links_from_setup: false,
};

type Backend = {
  calls: { cmd: string; args: unknown }[];
  channel: () => Channel<SyncProgress>;
  setOverview: (o: SyncOverview) => void;
  /** With `holdFirstOverview`: answers the first `sync_overview` now. */
  answerFirstOverview: (o: SyncOverview) => void;
};

function fakeBackend(
  start: SyncOverview,
  options: { failSyncNow?: boolean; holdFirstOverview?: boolean } = {},
): Backend {
  const calls: { cmd: string; args: unknown }[] = [];
  let current = start;
  let overviews = 0;
  let answerFirst: (o: SyncOverview) => void = () => {};
  let rates: PreviewRates = start.estimates.rates;
  let channel: Channel<SyncProgress> | null = null;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'sync_overview':
        overviews += 1;
        if (options.holdFirstOverview && overviews === 1) {
          return new Promise<SyncOverview>((resolve) => (answerFirst = resolve));
        }
        return current;
      case 'sync_customers':
        return CUSTOMERS;
      case 'sync_skipped':
        return SKIPPED;
      case 'sync_customer_history':
        return HISTORY;
      case 'sync_emails':
        return EMAILS;
      case 'sync_save_settings': {
        const settings = (args as { settings: { since: string; return_window_days: number } }).settings;
        if (settings.since === '31/02/2026') throw { code: 'sync.bad_date', params: {} };
        if (settings.return_window_days > 730) {
          throw {
            code: 'sync.bad_return_window',
            params: { min: { kind: 'number', value: 14 }, max: { kind: 'number', value: 730 } },
          };
        }
        return current;
      }
      case 'sync_cancel':
        return true;
      case 'privacy_view':
        return {
          database: '/home/loja/.local/share/br.com.conectorfidelidade.conector/conector.sqlite3',
          customers: current.totals.customers,
          orders: current.totals.orders_seen,
          entries: current.totals.orders_seen,
          golive_orders: 0,
          erased: null,
          handed_over: false,
          erase_on: null,
          kept: false,
          sync_paused: false,
          copies: [],
        };
      case 'preview_rates':
        return rates;
      case 'preview_rates_save': {
        const asked = (args as { rates: PreviewRates }).rates;
        if (asked.earn_points_per_real > 100) {
          throw { code: 'catalog.invalid_rate', params: { min: { kind: 'number', value: 1 }, max: { kind: 'number', value: 100 } } };
        }
        rates = asked;
        // The backend recomputed the preview: twice the points at twice the earn rate.
        current = {
          ...current,
          totals: { ...current.totals, points_total: current.totals.points_total * asked.earn_points_per_real },
          estimates: {
            ...current.estimates,
            rates: asked,
            cost: { ...current.estimates.cost, points: current.estimates.cost.points * asked.earn_points_per_real },
          },
        };
        return rates;
      }
      case 'sync_now':
        if (options.failSyncNow) {
          throw { code: 'sync.already_running', params: {} };
        }
        channel = (args as { onEvent: Channel<SyncProgress> }).onEvent;
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }, { shouldMockEvents: true });
  return {
    calls,
    channel: () => {
      if (!channel) throw new Error('sync_now was not called');
      return channel;
    },
    setOverview: (o) => (current = o),
    answerFirstOverview: (o) => answerFirst(o),
  };
}

function emit(channel: Channel<SyncProgress>, event: SyncProgress) {
  channel.onmessage(event);
}

describe('the sync preview dashboard', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('says which wizard step to finish when no store is connected', async () => {
    fakeBackend(overview({ readiness: { state: 'needs_connection' }, totals: { ...TOTALS, orders_seen: 0 } }));
    let opened = 0;
    render(Dashboard, { props: { onOpenWizard: () => void opened++ } });
    const needs = await screen.findByTestId('dash-needs');
    expect(needs.textContent).toContain('passo 4');
    expect(screen.queryByTestId('sync-now')).toBeNull();
    await fireEvent.click(screen.getByTestId('dash-go-wizard'));
    expect(opened).toBe(1);
  });

  it('shows totals, customers, skipped reasons and e-mails in Brazilian formats, and that nothing is sent', async () => {
    fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    expect((await screen.findByTestId('total-points')).textContent).toBe('48.213');
    expect(screen.getByTestId('total-customers').textContent).toBe('148');
    expect(screen.getByTestId('nothing-sent').textContent).toContain('Nada é enviado');
    // A simulation, called one: since when, "had the program existed", and what the article
    // leaves open.
    const title = screen.getByTestId('totals-title').textContent ?? '';
    expect(title).toContain('Simulação com os pedidos desde 30/08/2026 — se o programa existisse desde então');
    expect(screen.getByTestId('sync-totals').textContent).toContain('Clientes que teriam sido cadastrados');
    expect(screen.getByTestId('sync-totals').textContent).toContain('Pontos que os clientes teriam ganho');
    expect(screen.getByTestId('totals-unknown').textContent).toContain('confirme isso com o +fidelidade');
    expect(screen.getByTestId('total-orders-seen').textContent).toContain('Pedidos na simulação');
    expect((await screen.findByTestId('customer-name')).textContent).toBe('Maria da Silva');
    expect(screen.getByTestId('customer-points').textContent).toBe('1.299');
    expect(screen.getByTestId('customer-row').textContent).toContain('529.982.247-25');
    const row = await screen.findByTestId('skipped-row');
    expect(within(row).getByTestId('skipped-reason').textContent).toBe('Cancelado ou devolvido');
    expect(row.textContent).toMatch(/R\$\s1\.299,90/);
    expect(row.textContent).toContain('21/11/2026');
    expect((await screen.findByTestId('email-subject')).textContent).toContain('Bem-vindo(a)');
    expect(screen.getByTestId('emails-not-sent').textContent).toContain('nenhum destes e-mails é enviado');
    expect(screen.getByTestId('last-run-duration').textContent).toBe('1 min 5 s');
    expect(screen.getByTestId('last-run-result').textContent).toBe('Concluída');
  });

  it('streams a run: progress counters, then the new totals', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await fireEvent.click(await screen.findByTestId('sync-now'));
    await vi.waitFor(() => backend.channel());
    const channel = backend.channel();
    emit(channel, { event: 'started', run_id: 5 });
    emit(channel, {
      event: 'progress',
      phase: 'listing',
      pages: 2,
      page_count: 7,
      orders: 100,
      customers: 61,
      errors: 0,
    });
    expect((await screen.findByTestId('run-pages')).textContent?.trim()).toBe('2 de 7');
    expect(screen.getByTestId('run-orders').textContent).toBe('100');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('29');
    expect(screen.getByTestId('sync-now')).toHaveProperty('disabled', true);

    const after = overview({ totals: { ...TOTALS, points_total: 47_000 } });
    backend.setOverview(after);
    emit(channel, {
      event: 'finished',
      summary: {
        run_id: 5,
        started_at: '2026-11-28T12:10:00Z',
        finished_at: '2026-11-28T12:10:09Z',
        result: { result: 'ok' },
        counts: {
          pages: 7,
          page_count: 7,
          status_pages: 2,
          window_pages: 0,
          requests: 10,
          orders_read: 312,
          orders_rechecked: 0,
          unreadable: 0,
          deleted: 0,
          entries_added: 1,
          earned: 0,
          reversed: 1,
          points_delta: -1213,
          customers: 148,
          errors: 0,
        },
        totals: after.totals,
      } satisfies RunSummary,
    });
    expect((await screen.findByTestId('sync-finished')).textContent).toContain('Leitura concluída');
    await vi.waitFor(() => expect(screen.getByTestId('total-points').textContent).toBe('47.000'));
  });

  it('cancels the run in flight and says what a failure was', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await fireEvent.click(await screen.findByTestId('sync-now'));
    await vi.waitFor(() => backend.channel());
    emit(backend.channel(), { event: 'started', run_id: 6 });
    await fireEvent.click(await screen.findByTestId('sync-cancel'));
    expect(backend.calls.some((c) => c.cmd === 'sync_cancel')).toBe(true);
    emit(backend.channel(), {
      event: 'failed',
      error: { code: 'store.unreachable', params: { host: { kind: 'text', value: 'loja.example' } } },
    });
    const failed = await screen.findByTestId('sync-failed');
    expect(failed.textContent).toContain('A leitura dos pedidos falhou');
    expect(failed.textContent).toContain('Não foi possível falar com a loja em loja.example');
  });

  it('searches and sorts customers through the backend', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await screen.findByTestId('customer-row');
    await fireEvent.input(screen.getByTestId('customer-search'), { target: { value: '529.982' } });
    await fireEvent.change(screen.getByTestId('customer-sort'), { target: { value: 'name_asc' } });
    await vi.waitFor(() => {
      const queries = backend.calls
        .filter((c) => c.cmd === 'sync_customers')
        .map((c) => (c.args as { query: { search: string; sort: string; offset: number } }).query);
      expect(queries.at(-1)).toEqual({ search: '529.982', sort: 'name_asc', offset: 0, limit: 20 });
    });
  });

  it('follows a background run pushed by the app, then shows its result, without polling', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await screen.findByTestId('last-run-result');
    const counts = {
      pages: 3,
      page_count: 7,
      status_pages: 0,
      window_pages: 0,
      requests: 4,
      orders_read: 150,
      orders_rechecked: 0,
      unreadable: 0,
      deleted: 0,
      entries_added: 0,
      earned: 0,
      reversed: 0,
      points_delta: 0,
      customers: 90,
      errors: 0,
    };
    await vi.waitFor(async () => {
      await emitEvent('sync-run-event', { event: 'started', run_id: 9 });
      expect(screen.queryByTestId('sync-progress')).not.toBeNull();
    });
    await emitEvent('sync-run-event', {
      event: 'progress',
      phase: 'listing',
      pages: 3,
      page_count: 7,
      orders: 150,
      customers: 90,
      errors: 0,
    });
    expect((await screen.findByTestId('run-pages')).textContent?.trim()).toBe('3 de 7');
    const done = overview();
    done.status = { ...done.status!, last_run: { ...done.status!.last_run!, id: 9, result: 'cancelled' } };
    backend.setOverview(done);
    const summary: RunSummary = {
      run_id: 9,
      started_at: '2026-11-28T12:00:00Z',
      finished_at: '2026-11-28T12:00:30Z',
      result: { result: 'cancelled' },
      counts,
      totals: TOTALS,
    };
    await emitEvent('sync-run-event', { event: 'finished', summary });
    await vi.waitFor(() => expect(screen.queryByTestId('sync-progress')).toBeNull());
    await vi.waitFor(() =>
      expect(screen.getByTestId('last-run-result').textContent).toBe('Cancelada'),
    );
    expect(backend.calls.filter((c) => c.cmd === 'sync_now')).toHaveLength(0);
    expect(backend.calls.filter((c) => c.cmd === 'sync_overview').length).toBeLessThanOrEqual(2);
  });

  it('an older read that answers last does not hide the result of a run that ended meanwhile', async () => {
    const backend = fakeBackend(overview(), { holdFirstOverview: true });
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await vi.waitFor(() => expect(backend.calls.some((c) => c.cmd === 'sync_overview')).toBe(true));
    // A background run ends before the first read answers: the page reads again.
    const summary: RunSummary = {
      run_id: 9,
      started_at: '2026-11-28T12:00:00Z',
      finished_at: '2026-11-28T12:00:30Z',
      result: { result: 'ok' },
      counts: {
        pages: 1, page_count: 1, status_pages: 0, window_pages: 0, requests: 1, orders_read: 1,
        orders_rechecked: 0, unreadable: 0, deleted: 0, entries_added: 0, earned: 0, reversed: 0,
        points_delta: 0, customers: 1, errors: 0,
      },
      totals: TOTALS,
    };
    await vi.waitFor(async () => {
      await emitEvent('sync-run-event', { event: 'finished', summary });
      expect(screen.getByTestId('total-customers').textContent).toBe('148');
    });
    // The first read answers now, with what the store held before the run.
    backend.answerFirstOverview(overview({ totals: { ...TOTALS, customers: 100 } }));
    // One macrotask turn: every promise the stale answer resolves has settled by then.
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByTestId('total-customers').textContent).toBe('148');
  });

  it('shows a refused "Ler pedidos da loja agora" in Portuguese', async () => {
    fakeBackend(overview(), { failSyncNow: true });
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await fireEvent.click(await screen.findByTestId('sync-now'));
    expect((await screen.findByTestId('sync-failed')).textContent).toContain('já está em andamento');
  });

  it('needs at least two final statuses and sends the start date as typed, showing the backend\'s verdict', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    const paid = await screen.findByTestId('final-status-12');
    await fireEvent.click(paid);
    expect(screen.getByTestId('finals-too-few')).toBeTruthy();
    expect(screen.getByTestId('sync-save')).toHaveProperty('disabled', true);
    await fireEvent.click(screen.getByTestId('final-status-25'));
    await fireEvent.input(screen.getByTestId('sync-since'), { target: { value: '31/02/2026' } });
    await fireEvent.click(screen.getByTestId('sync-save'));
    expect((await screen.findByTestId('sync-settings-message')).textContent).toContain(
      'Data de início inválida',
    );
    await fireEvent.input(screen.getByTestId('sync-since'), { target: { value: '01/09/2026' } });
    await fireEvent.click(screen.getByTestId('sync-save'));
    await vi.waitFor(() =>
      expect(backend.calls.filter((c) => c.cmd === 'sync_save_settings')).toHaveLength(2),
    );
    const saved = backend.calls.filter((c) => c.cmd === 'sync_save_settings')[1]?.args as {
      settings: { since: string; final_statuses: string[] };
    };
    expect(saved.settings.since).toBe('01/09/2026');
    expect([...saved.settings.final_statuses].sort()).toEqual(['21', '25']);
  });

  it('shows what the points would cost, labelled as estimates, and changes the rates in one place', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    const card = await screen.findByTestId('cost-card');
    expect(card.textContent).toContain('estimativa');
    expect(screen.getByTestId('cost-points').textContent).toBe('48.213');
    expect(screen.getByTestId('cost-worth').textContent).toMatch(/R\$\s2\.410,65/);
    expect(screen.getByTestId('cost-cashback').textContent).toBe('4,9%');
    expect(screen.getByTestId('cost-monthly').textContent).toMatch(/R\$\s794,72/);
    expect(card.textContent).toContain('15.894 pontos');
    const basis = screen.getByTestId('cost-basis').textContent ?? '';
    expect(basis).toContain('201 pedidos');
    expect(basis).toContain('em 91 dias');
    expect(screen.getByTestId('cost-since').textContent).toContain(
      'Simulação com os pedidos desde 30/08/2026 — se o programa existisse desde então',
    );
    expect(basis).toContain('painel do +fidelidade');

    // The saved rates fill the editor; a refused one says why; a good one recomputes.
    const earn = (await screen.findByTestId('rates-earn')) as HTMLInputElement;
    await vi.waitFor(() => expect(earn.value).toBe('1'));
    expect((screen.getByTestId('rates-cost') as HTMLInputElement).value).toBe('20');
    expect(screen.getByTestId('rates-save')).toHaveProperty('disabled', true);
    await fireEvent.input(earn, { target: { value: '500' } });
    await fireEvent.click(screen.getByTestId('rates-save'));
    expect((await screen.findByTestId('rates-problem')).textContent).toContain('de 1 a 100');
    await fireEvent.input(earn, { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('rates-save'));
    await screen.findByTestId('rates-saved');
    const saved = backend.calls.filter((c) => c.cmd === 'preview_rates_save').at(-1)?.args;
    expect(saved).toEqual({ rates: { earn_points_per_real: 2, cost_points_per_real: 20 } });
    // The dashboard reads everything again: totals and cost card follow the recompute.
    await vi.waitFor(() => expect(screen.getByTestId('total-points').textContent).toBe('96.426'));
    expect(screen.getByTestId('cost-points').textContent).toBe('96.426');
  });

  it('says how many e-mails customers would get and that the previews are the app\'s own illustration', async () => {
    fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    // At the store's current pace, per week, from the recent weeks: no burst on one day.
    const welcome = (await screen.findByTestId('volume-welcome')).textContent ?? '';
    expect(welcome).toContain('Boas-vindas: cerca de 8 e-mails por semana');
    expect(welcome).toContain('30 nesses dias');
    expect(screen.getByTestId('volume-points').textContent).toContain('Pontos ganhos: cerca de 15 e-mails por semana');
    expect(screen.getByTestId('volume-pace').textContent).toContain('dos 28 dias desde 01/11/2026');
    expect(screen.getByTestId('emails-since').textContent).toContain(
      'Simulação com os pedidos desde 30/08/2026 — se o programa existisse desde então',
    );
    expect(screen.getByTestId('emails').textContent).not.toMatch(/primeiro dia|seriam cadastrados/);
    // The "sem endereço" count is the tab's own: 3 welcome e-mails, 4 points e-mails.
    expect(screen.getByTestId('emails-without-address').textContent).toContain('3 e-mails desta aba');
    await fireEvent.click(screen.getByTestId('emails-points'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('emails-without-address').textContent).toContain('4 e-mails desta aba'),
    );
    expect(screen.getByTestId('email-volume').textContent).toContain('estimativa');
    expect(screen.getByTestId('emails-illustration').textContent).toContain(
      'não os modelos do +fidelidade',
    );
  });

  it('says "less than one a week" rather than zero when a few points e-mails would go out', async () => {
    const estimates = {
      ...ESTIMATES,
      emails: { ...ESTIMATES.emails, welcome_in_pace: 2, welcome_per_week: 0, points_in_pace: 3, points_per_week: 0 },
    };
    fakeBackend(overview({ estimates }));
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    expect((await screen.findByTestId('volume-points')).textContent).toContain('menos de 1 e-mail');
    expect(screen.getByTestId('volume-welcome').textContent).toContain('menos de 1 e-mail');
  });

  it('explains the return window, sends it with the settings and says when it is out of range', async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    const field = (await screen.findByTestId('sync-return-window')) as HTMLInputElement;
    expect(field.value).toBe('120');
    expect(screen.getByTestId('return-window-help').textContent).toContain(
      'devoluções, estornos e cancelamentos tardios retirem os pontos',
    );
    await fireEvent.input(field, { target: { value: '900' } });
    await fireEvent.click(screen.getByTestId('sync-save'));
    expect((await screen.findByTestId('sync-settings-message')).textContent).toContain(
      'entre 14 e 730 dias',
    );
    await fireEvent.input(field, { target: { value: '180' } });
    await fireEvent.click(screen.getByTestId('sync-save'));
    await vi.waitFor(() =>
      expect(backend.calls.filter((c) => c.cmd === 'sync_save_settings')).toHaveLength(2),
    );
    const saved = backend.calls.filter((c) => c.cmd === 'sync_save_settings')[1]?.args as {
      settings: { return_window_days: number };
    };
    expect(saved.settings.return_window_days).toBe(180);
  });

  it('says when each part of the store was last checked', async () => {
    fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    const card = await screen.findByTestId('sync-coverage');
    expect(within(card).getByTestId('coverage-new-orders').textContent).toContain('28/11/2026');
    expect(card.textContent).toContain('Pedidos desde 30/08/2026 (janela de devoluções)');
    expect(within(card).getByTestId('coverage-returns').textContent).toContain('28/11/2026');
    expect(within(card).getByTestId('coverage-open').textContent).toBe('nenhum');
  });

  it("opens a customer's points history with the reason of each entry", async () => {
    const backend = fakeBackend(overview());
    render(Dashboard, { props: { onOpenWizard: () => {} } });
    await fireEvent.click(await screen.findByTestId('customer-history-toggle'));
    const history = await screen.findByTestId('customer-history');
    await vi.waitFor(() => expect(within(history).getAllByTestId('history-row')).toHaveLength(3));
    const reasons = within(history).getAllByTestId('history-reason').map((r) => r.textContent);
    expect(reasons).toEqual([
      'Valor do pedido mudou (reembolso ou edição)',
      'Valor do pedido mudou (reembolso ou edição)',
      'Excluído na loja',
    ]);
    const points = within(history).getAllByTestId('history-points').map((r) => r.textContent);
    expect(points).toEqual(['+1.000', '−1.299', '−40']);
    expect(history.textContent).toContain('977 (fora da simulação)');
    const call = backend.calls.find((c) => c.cmd === 'sync_customer_history');
    expect(call?.args).toEqual({ key: 'cpf:52998224725' });
  });
});
