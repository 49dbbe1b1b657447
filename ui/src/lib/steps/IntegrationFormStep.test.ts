import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '@tauri-apps/api/core';
import IntegrationFormStep from './IntegrationFormStep.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type { ClipboardEvent, FeedStatus, FieldNote, FormView, ReviewCopied, ReviewField, ReviewKey, StoreView } from '$lib/backend';

const REVIEW: ReviewField[] = [
  { key: 'app_key', panel_label: 'Informe sua chave de API (AppKey)', value: '••••••••0001', secret: true, entry: 'paste', optional: false },
  { key: 'store_code', panel_label: 'Informe o código da sua loja', value: '900000001', secret: false, entry: 'paste', optional: false },
];

/** The backend of step 9 with the review card; `review_copy` answers like the real one. */
function backend(
  review: ReviewField[] = REVIEW,
  feed: Pick<FeedStatus, 'url' | 'panel_note'> = { url: null, panel_note: null },
) {
  const copies: (ReviewKey | null)[] = [];
  let onClear: Channel<ClipboardEvent> | null = null;
  mockIPC((cmd, args) => {
    switch (cmd) {
      case 'form_view':
        return {
          form: { site_url: '', signup_url: '', coupon_days: '365', final_statuses: [] },
          notes: [],
          valid: false,
        };
      case 'feed_status':
        return {
          ...feed,
          demo_url: null,
          last_import: null,
          selection: { whole_catalog: true, selected: 0, missing: [], missing_total: 0 },
        };
      case 'review_fields':
        return review;
      case 'catalog_search':
        return { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 };
      case 'preview_rates':
        return { earn_points_per_real: 1, cost_points_per_real: 20 };
      case 'review_copy': {
        const { key, onClear: channel } = args as {
          key: ReviewKey | null;
          onClear: Channel<ClipboardEvent>;
        };
        copies.push(key);
        onClear = channel;
        const copied: ReviewCopied = {
          app_key_left_out: key === null,
          clears_after_seconds: key === 'app_key' ? 60 : null,
        };
        return copied;
      }
      default:
        return null;
    }
  });
  return {
    copies,
    clear: (event: ClipboardEvent) => {
      if (!onClear) throw new Error('review_copy was not called');
      onClear.onmessage(event);
    },
  };
}

describe('step 9: the review card says when +fidelidade could not reach the feed address', () => {
  beforeEach(() => clearMocks());
  afterEach(() => {
    cleanup();
    i18n.locale = 'pt-BR';
  });

  const feedLine = (value: string): ReviewField => ({
    key: 'feed_url',
    panel_label: 'Informe o XML de produtos Google Shopping de sua loja',
    value,
    secret: false,
    entry: 'paste',
    optional: false,
  });
  const render9 = () =>
    render(IntegrationFormStep, {
      props: { id: 'integration_form', store: null, valid: false, refresh: async () => {} },
    });

  for (const [locale, url, code, host, sentence] of [
    ['pt-BR', 'http://127.0.0.1:43210/feed.xml', 'feed.panel.demo_store', '127.0.0.1', 'Este é o XML da loja de demonstração, com produtos fictícios'],
    ['pt-BR', 'http://127.0.0.1:8080/x.xml', 'feed.panel.this_computer', '127.0.0.1', 'Este endereço leva a este computador (127.0.0.1): o +fidelidade não consegue baixar o XML daqui.'],
    ['pt-BR', 'http://www.minhaloja.com.br/feed.xml', 'feed.panel.plain_http', 'www.minhaloja.com.br', 'começa com http://, sem https (www.minhaloja.com.br)'],
    ['en', 'https://10.0.0.5/feed.xml', 'feed.panel.private_network', '10.0.0.5', 'This address leads to an internal network (10.0.0.5): +fidelidade cannot download the XML from there.'],
  ] as const) {
    it(`under the feed line: ${code} in ${locale}`, async () => {
      i18n.locale = locale;
      backend([...REVIEW, feedLine(url)], { url, panel_note: { code, params: { host: { kind: 'text', value: host } } } });
      render9();
      const line = await screen.findByTestId('review-feed_url');
      await vi.waitFor(() => expect(line.querySelector('[data-testid=review-feed-note]')?.textContent).toContain(sentence));
    });
  }

  it('says nothing under a public https feed address', async () => {
    i18n.locale = 'pt-BR';
    const url = 'https://www.minhaloja.com.br/feed.xml';
    backend([...REVIEW, feedLine(url)], { url, panel_note: null });
    render9();
    await screen.findByTestId('review-feed_url');
    expect(screen.queryByTestId('review-feed-note')).toBeNull();
  });
});

describe('step 9: the review card and the clipboard', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('says that "Copiar resumo para o suporte" leaves the AppKey out', async () => {
    const ipc = backend();
    render(IntegrationFormStep, {
      props: { id: 'integration_form', store: null, valid: false, refresh: async () => {} },
    });
    const note = await screen.findByTestId('copy-all-note');
    expect(note.textContent).toContain('sem o AppKey');
    expect(screen.getByTestId('copy-all').textContent).toContain('Copiar resumo para o suporte');
    await fireEvent.click(screen.getByTestId('copy-all'));
    await vi.waitFor(() => expect(ipc.copies).toEqual([null]));
    expect(screen.queryByTestId('clipboard-will-clear')).toBeNull();
  });

  it('after copying the AppKey, says the clipboard will be cleared, then that it was', async () => {
    const ipc = backend();
    render(IntegrationFormStep, {
      props: { id: 'integration_form', store: null, valid: false, refresh: async () => {} },
    });
    await fireEvent.click(await screen.findByTestId('copy-app_key'));
    const waiting = await screen.findByTestId('clipboard-will-clear');
    expect(waiting.textContent).toContain('será limpa em 60 segundos');
    ipc.clear({ event: 'finished', cleared: true });
    const cleared = await screen.findByTestId('clipboard-cleared');
    expect(cleared.textContent).toContain('foi limpa');
    expect(screen.queryByTestId('clipboard-will-clear')).toBeNull();
  });

  it('claims no clear when the owner had copied something else, and drops the notice', async () => {
    const ipc = backend();
    render(IntegrationFormStep, {
      props: { id: 'integration_form', store: null, valid: false, refresh: async () => {} },
    });
    await fireEvent.click(await screen.findByTestId('copy-app_key'));
    await screen.findByTestId('clipboard-will-clear');
    ipc.clear({ event: 'finished', cleared: false });
    await vi.waitFor(() => expect(screen.queryByTestId('clipboard-will-clear')).toBeNull());
    expect(screen.queryByTestId('clipboard-cleared')).toBeNull();
  });
});

const STATUSES = [
  { id: '12', name: 'Pago' },
  { id: '18', name: 'Enviado' },
  { id: '21', name: 'Entregue' },
  { id: '25', name: 'Cancelado' },
];

const store: StoreView = {
  store_id: '900000001',
  custom_domain: null,
  api_base: 'http://127.0.0.1:1/ws/',
  demo: true,
  token_mask: '••••0001',
  connection: { tested_at: '2026-11-28T10:00:00Z', api_base: 'http://127.0.0.1:1/ws/', statuses: STATUSES },
};

function note(field: FieldNote['field'], code: FieldNote['code'], params: FieldNote['params'] = {}, blocking = false, status_id: string | null = null): FieldNote {
  return { field, code, params, blocking, status_id };
}

function formView(notes: FieldNote[]): FormView {
  return {
    form: { site_url: 'https://loja.example/', signup_url: 'https://loja.example/cadastro', coupon_days: '180', final_statuses: ['12', '18', '25'] },
    notes,
    valid: !notes.some((n) => n.blocking),
  };
}

const PANEL: [ReviewKey, string][] = [
  ['app_key', 'Informe sua chave de API (AppKey)'],
  ['store_code', 'Informe o código da sua loja'],
  ['site_url', 'Informe o site de sua loja'],
  ['signup_url', 'Informe a URL (link) para cadastro de clientes de sua loja'],
  ['feed_url', 'Informe o XML de produtos Google Shopping de sua loja'],
  ['coupon_days', 'Os cupons expiram em quanto tempo?'],
  ['reward_skus', "Informe os SKU's/IDs dos produtos que deseja com o prêmio"],
  ['final_statuses', 'Qual é o último status do pedido após ser entregue ao cliente?'],
];
const VALUES: Partial<Record<ReviewKey, string>> = { reward_skus: '', final_statuses: 'Entregue, Concluído' };
const panelReview: ReviewField[] = PANEL.map(([key, panel_label]) => ({
  key,
  panel_label,
  value: VALUES[key] ?? `valor de ${key}`,
  secret: key === 'app_key',
  entry: key === 'final_statuses' ? 'select' : 'paste',
  optional: key === 'reward_skus',
}));

const noDelivery = note('final_statuses', 'form.no_delivered_status', { status: { kind: 'text', value: 'Entregue' } });
const coupon = note('coupon_days', 'form.coupon_sample', {
  reward: { kind: 'text', value: 'Caneca Esmaltada' },
  value: { kind: 'cents', value: 4990 },
  until: { kind: 'date', value: '2027-05-27' },
  count: { kind: 'number', value: 180 },
});
const asked = [
  note('final_statuses', 'form.reversal_status', { status: { kind: 'text', value: 'Cancelado' } }, true, '25'),
  noDelivery,
  coupon,
];
const answered = [
  note('final_statuses', 'form.reversal_status_confirmed', { status: { kind: 'text', value: 'Cancelado' } }, false, '25'),
  noDelivery,
  coupon,
];

/** Step 9's backend; the form first comes with `notes`. */
function formBackend(notes: FieldNote[] = asked) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case 'form_view':
        return formView(notes);
      case 'feed_status':
        return { url: null, panel_note: null, demo_url: null, last_import: null, selection: { whole_catalog: true, selected: 0, missing: [], missing_total: 0 } };
      case 'review_fields':
        return panelReview;
      case 'form_confirm_status':
        return formView(answered);
      case 'catalog_search':
        return { rows: [], total: 0, total_is_exact: true, page: 0, page_size: 50 };
      case 'preview_rates':
        return { earn_points_per_real: 1, cost_points_per_real: 20 };
      default:
        throw new Error(cmd);
    }
  });
  return calls;
}

const props = { id: 'integration_form' as const, store, valid: false, refresh: async () => {} };

describe('step 9: the form and its review card', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('labels each review line with the panel’s own words, in the panel’s order, explained under it', async () => {
    formBackend();
    render(IntegrationFormStep, { props });
    await screen.findByTestId('review-label-final_statuses');
    const labels = [...document.querySelectorAll('[data-testid^=review-label-]')].map((e) => e.textContent);
    expect(labels).toEqual(PANEL.map(([, label]) => label));
    expect(screen.getByTestId('review-explain-coupon_days').textContent).toContain('cupom de um prêmio resgatado');
    expect(screen.getByTestId('review-delay').textContent).toContain('em até 72 horas após ser cadastrado na loja');
  });

  it('fits each line to the panel: copy and "Colei" for text, "Marque no painel" for the statuses, "Deixe em branco" for an empty optional field', async () => {
    formBackend();
    render(IntegrationFormStep, { props });
    const statuses = await screen.findByTestId('review-select-final_statuses');
    expect(statuses.textContent).toBe('Marque no painel: Entregue, Concluído');
    expect(screen.queryByTestId('copy-final_statuses')).toBeNull();
    expect(screen.queryByTestId('pasted-final_statuses')).toBeNull();
    expect(screen.getByTestId('review-blank-reward_skus').textContent).toBe('Deixe em branco');
    expect(screen.queryByTestId('copy-reward_skus')).toBeNull();
    for (const key of ['app_key', 'store_code', 'site_url', 'signup_url', 'feed_url', 'coupon_days'] as const) {
      expect(screen.getByTestId(`copy-${key}`).textContent).toContain('Copiar');
      expect(screen.getByTestId(`pasted-${key}`).parentElement?.textContent).toContain('Colei');
    }
    const tick = screen.getByTestId('pasted-site_url') as HTMLInputElement;
    expect(tick.checked).toBe(false);
    await fireEvent.click(tick);
    expect(tick.checked).toBe(true);
  });

  it('names the currency of a reward priced in another one instead of showing reais', async () => {
    formBackend([
      note('coupon_days', 'form.coupon_sample_foreign', {
        reward: { kind: 'text', value: 'Lavadora 9 kg' },
        value: { kind: 'money', value: { cents: 69_999_000, currency: 'KZT' } },
        until: { kind: 'date', value: '2027-05-27' },
        count: { kind: 'number', value: 180 },
      }),
    ]);
    render(IntegrationFormStep, { props });
    const sample = (await screen.findByTestId('coupon-sample')).textContent ?? '';
    expect(sample).toContain('KZT');
    expect(sample).toContain('699.990,00');
    expect(sample).toContain('não converte em R$');
    expect(sample).not.toMatch(/R\$\s?699/);
  });

  it('shows the coupon a redemption would create today, and no other platform’s exception', async () => {
    formBackend();
    render(IntegrationFormStep, { props });
    const sample = await screen.findByTestId('coupon-sample');
    expect(sample.textContent).toBe(
      'Exemplo: quem resgatar hoje o prêmio “Caneca Esmaltada” recebe um cupom de R$\u00a049,90, válido até 27/05/2027 (180 dias).',
    );
    expect(document.body.textContent).not.toMatch(/Jet|Bis2Bis/);
    expect(screen.queryByTestId('note-coupon_days')).toBeNull();
  });

  it('warns when no chosen status is a delivery, and asks about a cancelled one until answered', async () => {
    const calls = formBackend();
    render(IntegrationFormStep, { props });
    const question = await screen.findByTestId('confirm-status-25');
    const notes = [...document.querySelectorAll('[data-testid=note-final_statuses]')].map((e) => e.textContent ?? '');
    expect(notes[0]).toContain('“Cancelado” parece um status de pedido cancelado ou devolvido');
    expect(notes[1]).toContain('confira se “Entregue” não deveria estar entre eles');
    expect(question.textContent).toBe('Sim, é isso mesmo');
    await fireEvent.click(question);
    await vi.waitFor(() => expect(calls).toContainEqual(['form_confirm_status', { statusId: '25', yes: true }]));
    expect((await screen.findByTestId('undo-status-25')).textContent).toBe('Desfazer');
    expect(screen.queryByTestId('confirm-status-25')).toBeNull();
  });
});
