import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '@tauri-apps/api/core';
import FeedUrlStep from './FeedUrlStep.svelte';
import type { FeedCurrency, FeedEvent, FeedStatus, FeedSummary, MessageCode, RewardPage } from '$lib/backend';
import { i18n } from '$lib/i18n/index.svelte';

/** The real Samsung Kazakhstan feed's figures (shared/feeds/real/samsung-kz-atom.xml). */
function summary(currency: FeedCurrency): FeedSummary {
  return {
    format: 'atom',
    items: 661,
    skipped: 2,
    variant_groups: 314,
    multi_variant_groups: 123,
    in_stock: 319,
    with_sale_price: 200,
    with_image: 661,
    problems_total: 0,
    problem_counts: [],
    problems: [],
    bytes: 5_000_000,
    currency,
  };
}

function status(currency: FeedCurrency): FeedStatus {
  return {
    url: 'https://www.samsung.com/kz/feed.xml',
    panel_note: null,
    demo_url: null,
    last_import: { imported_at: '2026-11-28T12:00:00Z', source: 'https://www.samsung.com/kz/feed.xml', summary: summary(currency) },
    selection: { whole_catalog: true, selected: 0, missing: [], missing_total: 0 },
    importing: null,
  };
}

const WASHER = {
  sku: 'WW90DG6U94LKLD',
  title: '9 КГ Стиральная машина',
  link: 'https://www.samsung.com/kz_ru/',
  image_link: '',
  price_cents: 37_499_000,
  sale_price_cents: null,
  currency: 'KZT',
  availability: 'in_stock' as const,
  item_group_id: 'WW90DG6U94',
  group_size: 2,
  brand: 'Samsung',
  gtin: null,
  selected: true,
};

function backend(currency: FeedCurrency, page: RewardPage) {
  mockIPC((cmd) => {
    switch (cmd) {
      case 'feed_status':
        return status(currency);
      case 'catalog_search':
        return page;
      case 'preview_rates':
        return { earn_points_per_real: 1, cost_points_per_real: 20 };
      default:
        throw new Error(cmd);
    }
  });
}

const props = { id: 'feed_url' as const, store: null, valid: true, refresh: async () => {} };

describe('step 6: what the catalogue summary says', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('names a currency other than reais, and a reward card says its cost cannot be put in R$', async () => {
    backend({ kind: 'other', code: 'KZT' }, { rows: [{ item: WASHER, cost: null }], total: 1, total_is_exact: true, page: 0, page_size: 50 });
    render(FeedUrlStep, { props });
    const note = await screen.findByTestId('feed-currency');
    expect(note.textContent).toContain('Os preços deste XML estão em KZT, não em reais (R$)');
    expect((await screen.findByTestId('reward-cost-foreign')).textContent).toContain('Preço em KZT');
    expect(screen.queryByTestId('reward-cost')).toBeNull();
    expect(document.body.textContent).not.toMatch(/R\$\s?374\.990/);
    // What the variant count counts.
    expect(screen.getByTestId('summary-groups').textContent).toContain('314');
    expect(screen.getByTestId('summary-groups-multi').textContent).toBe('123 com mais de uma variação');
  });

  it('says a feed mixes currencies, with how many products each', async () => {
    backend(
      { kind: 'mixed', counts: [{ code: 'BRL', items: 600 }, { code: 'EUR', items: 61 }] },
      { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 },
    );
    render(FeedUrlStep, { props });
    expect((await screen.findByTestId('feed-currency')).textContent).toContain(
      'Este XML mistura moedas: BRL: 600 produtos, EUR: 61 produtos.',
    );
  });

  it('says nothing about currency for a catalogue in reais', async () => {
    backend({ kind: 'reais' }, { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 });
    render(FeedUrlStep, { props });
    await screen.findByTestId('feed-summary');
    expect(screen.queryByTestId('feed-currency')).toBeNull();
  });
});

describe('step 6: an address the download policy refuses', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  const typed = 'https://minhaloja.com.br/feed.xml?token=8f14e45fceea167a5a36dedd4bea2543';

  function refusing(code: MessageCode, host: string) {
    mockIPC((cmd) => {
      switch (cmd) {
        case 'feed_status':
          return { url: null, panel_note: null, demo_url: null, last_import: null, selection: { whole_catalog: false, selected: 0, missing: [], missing_total: 0 } };
        case 'feed_import':
          throw { code, params: { host: { kind: 'text', value: host }, max: { kind: 'number', value: 5 } } };
        default:
          throw new Error(cmd);
      }
    });
  }

  for (const [locale, code, host, sentence] of [
    ['pt-BR', 'feed.refused_private_address', '192.168.0.10', 'O endereço do XML leva a este computador ou a uma rede interna (192.168.0.10).'],
    ['pt-BR', 'feed.refused_insecure', 'minhaloja.com.br', 'O endereço do XML leva a uma página sem https (minhaloja.com.br).'],
    ['en', 'feed.refused_too_many_redirects', 'cdn.minhaloja.com.br', 'The XML address keeps redirecting after 5 redirects (it stopped at cdn.minhaloja.com.br).'],
  ] as const) {
    it(`shows ${code} in ${locale}, naming only the host`, async () => {
      i18n.locale = locale;
      refusing(code, host);
      render(FeedUrlStep, { props });
      const field = (await screen.findByTestId('feed-url')) as HTMLInputElement;
      await fireEvent.input(field, { target: { value: typed } });
      await fireEvent.click(screen.getByTestId('feed-import'));
      const error = await screen.findByTestId('feed-error');
      expect(error.textContent).toContain(sentence);
      expect(error.textContent).not.toContain('8f14e45f');
      expect(error.textContent).not.toContain('/feed.xml');
    });
  }
});

describe('step 6: the feed address as +fidelidade would see it in the panel', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  function saved(url: string, panel_note: FeedStatus['panel_note']) {
    mockIPC((cmd) => {
      switch (cmd) {
        case 'feed_status':
          return { ...status({ kind: 'reais' }), url, panel_note };
        case 'catalog_search':
          return { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 };
        case 'preview_rates':
          return { earn_points_per_real: 1, cost_points_per_real: 20 };
        default:
          throw new Error(cmd);
      }
    });
  }

  for (const [locale, url, code, host, sentence] of [
    ['pt-BR', 'http://127.0.0.1:43210/feed.xml', 'feed.panel.demo_store', '127.0.0.1', 'Este é o XML da loja de demonstração, com produtos fictícios, servido por este computador: não o informe no painel do +fidelidade.'],
    ['pt-BR', 'http://127.0.0.1:8080/x.xml', 'feed.panel.this_computer', '127.0.0.1', 'Este endereço leva a este computador (127.0.0.1): o +fidelidade não consegue baixar o XML daqui.'],
    ['pt-BR', 'https://192.168.0.10/feed.xml', 'feed.panel.private_network', '192.168.0.10', 'Este endereço leva a uma rede interna (192.168.0.10): o +fidelidade não consegue baixar o XML de lá.'],
    ['pt-BR', 'http://www.minhaloja.com.br/feed.xml', 'feed.panel.plain_http', 'www.minhaloja.com.br', 'Este endereço começa com http://, sem https (www.minhaloja.com.br): o +fidelidade pode não conseguir baixar o XML assim.'],
    ['en', 'http://127.0.0.1:43210/feed.xml', 'feed.panel.demo_store', '127.0.0.1', 'This is the demo store’s XML, with made-up products, served by this computer: do not enter it in the +fidelidade panel.'],
    ['en', 'https://192.168.0.10/feed.xml', 'feed.panel.private_network', '192.168.0.10', 'This address leads to an internal network (192.168.0.10): +fidelidade cannot download the XML from there.'],
  ] as const) {
    it(`says ${code} in ${locale}`, async () => {
      i18n.locale = locale;
      saved(url, { code, params: { host: { kind: 'text', value: host } } });
      render(FeedUrlStep, { props });
      expect((await screen.findByTestId('feed-panel-note')).textContent).toContain(sentence);
    });
  }

  it('says nothing for a public https address, nor once another address is typed', async () => {
    i18n.locale = 'pt-BR';
    saved('https://www.minhaloja.com.br/feed.xml', null);
    render(FeedUrlStep, { props });
    await screen.findByTestId('feed-summary');
    expect(screen.queryByTestId('feed-panel-note')).toBeNull();
    cleanup();
    saved('http://127.0.0.1:8080/x.xml', { code: 'feed.panel.this_computer', params: { host: { kind: 'text', value: '127.0.0.1' } } });
    render(FeedUrlStep, { props });
    await screen.findByTestId('feed-panel-note');
    await fireEvent.input(screen.getByTestId('feed-url'), { target: { value: 'https://www.minhaloja.com.br/feed.xml' } });
    expect(screen.queryByTestId('feed-panel-note')).toBeNull();
  });
});

describe('step 6 shown again while an import runs', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('shows its address, progress and "Cancelar", and the new catalogue once it ends', async () => {
    const calls: string[] = [];
    const running = 'https://loja.example/feed.xml';
    let importing: string | null = running;
    let channel: Channel<FeedEvent> | null = null;
    let refreshed = 0;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      switch (cmd) {
        case 'feed_status':
          return { ...status({ kind: 'reais' }), url: importing ? null : running, importing };
        case 'feed_follow':
          channel = (args as { onEvent: Channel<FeedEvent> }).onEvent;
          return true;
        case 'feed_cancel':
          return null;
        case 'catalog_search':
          return { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 };
        case 'preview_rates':
          return { earn_points_per_real: 1, cost_points_per_real: 20 };
        default:
          throw new Error(cmd);
      }
    });
    render(FeedUrlStep, { props: { ...props, refresh: async () => void (refreshed += 1) } });
    await vi.waitFor(() => expect(channel).not.toBeNull());
    expect((screen.getByTestId('feed-url') as HTMLInputElement).value).toBe(running);
    expect(screen.queryByTestId('feed-import')).toBeNull();
    channel!.onmessage({ event: 'started' });
    channel!.onmessage({ event: 'progress', bytes_done: 2_000_000, bytes_total: 4_000_000, items: 1200, skipped: 0 });
    const shown = await screen.findByTestId('feed-progress');
    await vi.waitFor(() => expect(shown.textContent).toContain('2 MB'));
    await fireEvent.click(screen.getByTestId('feed-cancel'));
    expect(calls).toContain('feed_cancel');

    importing = null;
    channel!.onmessage({
      event: 'finished',
      report: { summary: summary({ kind: 'reais' }), missing_selected: [], missing_selected_total: 0, elapsed_ms: 900 },
    });
    await screen.findByTestId('feed-import');
    expect(screen.queryByTestId('feed-progress')).toBeNull();
    await vi.waitFor(() => expect(refreshed).toBe(1));
  });

  it('says a second import is refused while one runs', async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case 'feed_status':
          return status({ kind: 'reais' });
        case 'feed_import':
          throw { code: 'feed.import_running', params: {} };
        case 'catalog_search':
          return { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 };
        case 'preview_rates':
          return { earn_points_per_real: 1, cost_points_per_real: 20 };
        default:
          throw new Error(cmd);
      }
    });
    render(FeedUrlStep, { props });
    await fireEvent.click(await screen.findByTestId('feed-import'));
    expect((await screen.findByTestId('feed-error')).textContent).toContain(
      'Já há uma importação do XML de produtos em andamento',
    );
  });
});
