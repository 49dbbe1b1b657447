import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import FirstHoursCard from './FirstHoursCard.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type { FirstHours, GoLiveOrder, SupportReport } from '$lib/backend';

function order(over: Partial<GoLiveOrder> & Pick<GoLiveOrder, 'order_id'>): GoLiveOrder {
  return {
    number: String(50000 + over.order_id),
    customer: 'Maria da Silva',
    placed_at: '2026-11-30T14:00:00Z',
    status_id: '3',
    status_name: 'Aguardando pagamento',
    expected: { kind: 'awaiting_final' },
    answerable: false,
    answer: null,
    ...over,
  };
}

const DUE = order({
  order_id: 1,
  customer: 'Ana Souza',
  status_id: '21',
  status_name: 'Entregue',
  expected: { kind: 'points', points: 149, due_at: '2026-12-03T14:00:00Z', due_from: 'placed' },
  answerable: true,
});
const NOT_YET = order({
  order_id: 2,
  status_id: '27',
  status_name: 'Concluído',
  expected: { kind: 'points', points: 1299, due_at: '2026-12-04T09:00:00Z', due_from: 'seen_final' },
});
const WAITING = order({ order_id: 3 });

function card(orders: GoLiveOrder[], over: Partial<FirstHours> = {}): FirstHours {
  return {
    live_since: '2026-11-30T12:00:00Z',
    earn_points_per_real: 1,
    limit: 20,
    read_at: '2026-12-04T15:00:00Z',
    read_error: null,
    erased: false,
    orders,
    ...over,
  };
}

const REPORT: SupportReport = {
  store_id: '123456',
  app_version: '0.9.0',
  final_statuses: ['Entregue', 'Concluído'],
  earn_points_per_real: 1,
  orders: [
    { number: '50001', placed_at: '2026-11-30T14:00:00Z', status: 'Entregue', points: 149, due_at: '2026-12-03T14:00:00Z' },
  ],
  zip: '/home/loja/Downloads/conector-diagnostico-20261204-150000.zip',
};

describe('the first 72 hours card', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('says so when there is no sale since go-live', () => {
    render(FirstHoursCard, { card: card([]), onchange: () => {} });
    expect(screen.getByTestId('first-hours-none').textContent).toContain('Nenhuma venda desde que a integração foi ligada');
    expect(screen.queryAllByTestId('first-hours-order')).toHaveLength(0);
  });

  it('shows each order with its status and what should happen in the panel; only a final, due one can be answered', () => {
    render(FirstHoursCard, { card: card([DUE, NOT_YET, WAITING]), onchange: () => {} });
    const rows = screen.getAllByTestId('first-hours-order');
    expect(rows.map((r) => r.getAttribute('data-order'))).toEqual(['50001', '50002', '50003']);
    const [due, notYet, waiting] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(due.textContent).toContain('Ana Souza');
    expect(due.textContent).toContain('Entregue');
    expect(due.textContent).toContain('149 pontos pela sua regra');
    expect(due.textContent).toContain('deve aparecer no painel até 03/12/2026');
    expect(due.querySelector('[data-testid=first-hours-matched]')).not.toBeNull();
    expect(due.querySelector('[data-testid=first-hours-mismatched]')).not.toBeNull();

    expect(notYet.textContent).toContain('1.299 pontos pela sua regra');
    expect(notYet.textContent).toContain('a loja não informou a hora do pedido');
    expect(notYet.textContent).toContain('Confira depois de 04/12/2026');
    expect(notYet.querySelector('[data-testid=first-hours-matched]')).toBeNull();

    expect(waiting.textContent).toContain('Aguardando status final');
    expect(waiting.querySelector('[data-testid=first-hours-matched]')).toBeNull();
    expect(waiting.querySelector('[data-testid=first-hours-later]')).toBeNull();

    expect(screen.getByTestId('first-hours-rule').textContent).toContain('1 ponto por R$ 1 gasto');
    expect(screen.getByTestId('first-hours-rule').textContent).toContain('A regra que vale é a do painel do +fidelidade');
  });

  it('a cancelled or returned order says so, not that it awaits a final status (pt-BR and English)', () => {
    const cancelled = order({ order_id: 4, status_id: '25', status_name: 'Cancelado', expected: { kind: 'undone' } });
    const returned = order({ order_id: 5, status_id: '31', status_name: 'Devolvido', expected: { kind: 'undone' } });
    render(FirstHoursCard, { card: card([cancelled, returned]), onchange: () => {} });
    for (const row of screen.getAllByTestId('first-hours-order')) {
      expect(row.textContent).toContain('Cancelado ou devolvido: não chega a um status final');
      expect(row.textContent).not.toContain('Aguardando status final');
      expect(row.querySelector('[data-testid=first-hours-matched]')).toBeNull();
      expect(row.querySelector('[data-testid=first-hours-points]')).toBeNull();
    }
    cleanup();
    i18n.locale = 'en';
    render(FirstHoursCard, { card: card([cancelled]), onchange: () => {} });
    const text = screen.getByTestId('first-hours-order').textContent ?? '';
    expect(text).toContain('Cancelled or returned: it never reaches a final status');
    expect(text).not.toContain('Awaiting a final status');
  });

  it('"Não bateu" records the answer and prepares the support message and the diagnostics, nothing personal', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'health_first_hours_answer') return card([{ ...DUE, answer: 'mismatched' }, NOT_YET]);
      if (cmd === 'health_first_hours_support') return REPORT;
      throw new Error(cmd);
    });
    const changed: FirstHours[] = [];
    render(FirstHoursCard, { card: card([DUE, NOT_YET]), onchange: (c: FirstHours) => changed.push(c) });
    await fireEvent.click(screen.getByTestId('first-hours-mismatched'));
    const text = (await screen.findByTestId('first-hours-support-text')) as HTMLTextAreaElement;
    expect(calls[0]).toEqual(['health_first_hours_answer', { orderId: 1, answer: 'mismatched' }]);
    expect(calls.map(([cmd]) => cmd)).toContain('health_first_hours_support');
    await vi.waitFor(() => expect(changed).toHaveLength(1));
    const message = text.value;
    for (const part of ['ID da loja: 123456', 'Pedido 50001', '“Entregue”', '149 pontos esperados', 'Status finais escolhidos: Entregue, Concluído', 'versão 0.9.0']) {
      expect(message).toContain(part);
    }
    expect(message).not.toContain('Ana Souza');
    expect(screen.getByTestId('first-hours-support-zip').textContent).toContain('conector-diagnostico-20261204-150000.zip');
  });

  it('a refused answer shows why, in the owner’s words', async () => {
    mockIPC((cmd) => {
      if (cmd === 'health_first_hours_answer')
        throw { code: 'health.first_hours.not_answerable', params: { number: { kind: 'text', value: '50001' } } };
      throw new Error(cmd);
    });
    render(FirstHoursCard, { card: card([DUE]), onchange: () => {} });
    await fireEvent.click(screen.getByTestId('first-hours-matched'));
    expect((await screen.findByTestId('first-hours-error')).textContent).toContain('O pedido 50001 ainda não pode ser conferido');
  });

  it('speaks English too', () => {
    i18n.locale = 'en';
    render(FirstHoursCard, { card: card([DUE, WAITING]), onchange: () => {} });
    const text = screen.getByTestId('first-hours').textContent ?? '';
    expect(text).toContain('The first 72 hours');
    expect(text).toContain('149 points by your rule');
    expect(text).toContain('Awaiting a final status');
    expect(text).toContain('Did not match');
  });
});
