import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PrivacyCard from './PrivacyCard.svelte';
import type { PrivacyView } from '$lib/backend';

const DATABASE = '/home/loja/.local/share/br.com.conectorfidelidade.conector/conector.sqlite3';

function view(overrides: Partial<PrivacyView> = {}): PrivacyView {
  return {
    database: DATABASE,
    customers: 212,
    orders: 318,
    entries: 290,
    golive_orders: 0,
    erased: null,
    handed_over: false,
    erase_on: null,
    kept: false,
    sync_paused: false,
    copies: [],
    ...overrides,
  };
}

function backend(first: PrivacyView, answers: Record<string, PrivacyView>) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === 'privacy_view') return first;
    if (cmd in answers) return answers[cmd];
    throw new Error(cmd);
  });
  return calls;
}

describe('the customers’ data on this computer', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('counts what is in every copy the app left, and the erase names them', async () => {
    const copies: PrivacyView['copies'] = [
      {
        kind: 'set_aside',
        path: `${DATABASE}.bad-20261128-104000`,
        bytes: 2_500_000,
        customers: 54,
        orders: 107,
      },
      { kind: 'set_aside', path: `${DATABASE}.bad-20261201-090000`, bytes: 8_192, customers: null, orders: null },
      {
        kind: 'earlier_build',
        path: '/home/loja/.local/share/br.com.conectorfidelidade.app',
        bytes: 3_000_000,
        customers: 40,
        orders: 80,
      },
    ];
    // Nothing left in the live file, but the copies still hold customers: the card says so.
    backend(view({ customers: 0, orders: 0, entries: 0, copies }), {});
    render(PrivacyCard, { props: { context: 'dashboard' } });
    const list = await screen.findByTestId('privacy-copies');
    const items = [...list.querySelectorAll('li')].map((li) => li.textContent ?? '');
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('Arquivo de dados guardado ao começar do zero: dados de 54 clientes, de 107 pedidos (2,5 MB).');
    expect(items[1]).toContain('não pode ser lido, mas pode conter dados de clientes (8,2 kB)');
    expect(items[2]).toContain('Pasta de uma versão anterior do aplicativo: dados de 40 clientes, de 80 pedidos (3 MB).');
    expect(screen.queryByTestId('privacy-none')).toBeNull();
    await fireEvent.click(screen.getByTestId('privacy-erase'));
    expect((await screen.findByTestId('privacy-confirm-copies')).textContent).toContain('Também são apagadas 3 cópias antigas');
  });

  it('entries that outlived their orders still count as data kept', async () => {
    backend(view({ customers: 0, orders: 0, entries: 12 }), {});
    render(PrivacyCard, { props: { context: 'dashboard' } });
    expect((await screen.findByTestId('privacy-entries')).textContent).toContain('12 movimentos de pontos com o CPF/CNPJ');
    expect(screen.queryByTestId('privacy-none')).toBeNull();
    expect(screen.getByTestId('privacy-erase')).toBeTruthy();
  });

  it('says what is kept, where, and for how long; erases only after asking', async () => {
    const erased = view({
      customers: 0,
      orders: 0,
      entries: 0,
      erased: { at: '2026-11-30T14:00:00Z', automatic: false },
      sync_paused: true,
    });
    const calls = backend(view(), { privacy_erase: erased });
    render(PrivacyCard, { props: { context: 'dashboard' } });
    const held = await screen.findByTestId('privacy-held');
    expect(held.textContent).toContain('os dados de 212 clientes (nome, CPF/CNPJ, e-mail e telefone, quando o pedido os traz), lidos de 318 pedidos');
    // "Abrir pasta" rather than a raw path on the card.
    expect(document.body.textContent).not.toContain(DATABASE);
    expect(screen.getByTestId('privacy-open-folder').textContent).toBe('Abrir pasta');
    expect(screen.getByTestId('privacy-how-long').textContent).toContain('os apaga sozinho 30 dias depois');

    await fireEvent.click(screen.getByTestId('privacy-erase'));
    const dialog = await screen.findByTestId('privacy-confirm');
    expect(dialog.textContent).toContain('As configurações e o catálogo de produtos ficam');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('privacy-confirm-no')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(calls.map(([cmd]) => cmd)).not.toContain('privacy_erase');

    await fireEvent.click(screen.getByTestId('privacy-erase'));
    await fireEvent.click(await screen.findByTestId('privacy-confirm-yes'));
    expect((await screen.findByTestId('privacy-none')).textContent).toContain('não guarda agora nenhum dado');
    expect(screen.getByTestId('privacy-erased').textContent).toContain('apagados por você em');
    expect(screen.getByTestId('privacy-paused').textContent).toContain('Ler pedidos da loja agora');
    expect(screen.queryByTestId('privacy-erase')).toBeNull();
  });

  it('after go-live: offers to erase now, says the day it goes, and keeps it when asked', async () => {
    const live = view({ handed_over: true, erase_on: '2026-12-30T13:00:00Z' });
    const calls = backend(live, { privacy_keep: { ...live, kept: true, erase_on: null } });
    render(PrivacyCard, { props: { context: 'handover' } });
    expect((await screen.findByTestId('privacy-offer')).textContent).toContain('não precisa mais deles');
    expect(screen.getByTestId('privacy-how-long').textContent).toContain('apaga sozinho em 30/12/2026');
    expect(screen.getByTestId('privacy-erase').textContent?.trim()).toBe('Apagar agora');
    await fireEvent.click(screen.getByTestId('privacy-keep'));
    await vi.waitFor(() => expect(calls).toContainEqual(['privacy_keep', { keep: true }]));
    await vi.waitFor(() =>
      expect(screen.getByTestId('privacy-how-long').textContent).toContain('escolheu manter'),
    );
    expect(screen.getByTestId('privacy-unkeep')).toBeTruthy();
    expect(screen.queryByTestId('privacy-keep')).toBeNull();
  });
});
