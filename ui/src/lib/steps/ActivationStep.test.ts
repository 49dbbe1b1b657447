import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ActivationStep from './ActivationStep.svelte';
import type { Channel } from '@tauri-apps/api/core';
import type { ActivationView, ChecklistId, HandOverStep, RunSummary, SyncProgress } from '$lib/backend';

function item(id: ChecklistId, done: boolean, by_owner = false, changed_since = false) {
  return { id, done, by_owner, changed_since };
}

function view(next: HandOverStep, overrides: Partial<ActivationView> = {}): ActivationView {
  const complete = next !== 'checklist';
  return {
    checklist: {
      items: [
        item('steps_done', true),
        item('token_tested', true),
        item('feed_with_rewards', true),
        item('statuses_chosen', true),
        item('preview_run', true),
        item('form_saved_in_panel', complete, true),
        item('program_configured', complete, true),
      ],
      pending_steps: [],
      complete,
    },
    activation: { state: 'preview', since: null },
    register_customers: { on: false, since: null },
    register_sales: { on: false, since: null },
    has_erp: null,
    next,
    ...overrides,
  };
}

/** Step 10 ready for the record of go-live, which the backend then answers as handed over. */
function goLiveBackend(answers: Record<string, unknown>) {
  const handed = view('handed_over', {
    activation: { state: 'handed_over', since: '2026-11-28T13:00:00Z' },
  });
  return backend(view('activate_integration', { has_erp: false }), { activation_set: handed, ...answers });
}

const props = { id: 'activation' as const, store: null, valid: false, refresh: async () => {} };

/** Answers `activation_view` with `first`, and records every other call with its arguments. */
function backend(first: ActivationView, answers: Record<string, unknown> = {}) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd in answers) return answers[cmd];
    if (cmd === 'activation_view') return first;
    // A preview run already done: the checklist reads its totals (none stored in these cases).
    if (cmd === 'sync_overview') return { totals: { orders_seen: 0 } };
    throw new Error(cmd);
  });
  return calls;
}

const FINISHED: RunSummary = {
  run_id: 1,
  started_at: '2026-11-28T12:00:00Z',
  finished_at: '2026-11-28T12:00:30Z',
  result: { result: 'ok' },
  counts: {
    pages: 4, page_count: 4, status_pages: 0, window_pages: 0, requests: 4, orders_read: 316,
    orders_rechecked: 0, unreadable: 0, deleted: 0, entries_added: 201, earned: 201, reversed: 0,
    points_delta: 48_213, customers: 136, errors: 0,
  },
  totals: {
    orders_seen: 316, customers: 136, orders_earning: 201, earning_cents: 4_876_300,
    points_total: 48_213, ledger_entries: 201,
    skipped: { status_not_final: 90, cancelled: 20, no_customer_key: 5, unreadable: 0 },
  },
};

/** What `sync_overview` answers after a simulation: the totals step 10 shows in place. */
const SIMULATED = {
  totals: { customers: 136, orders_earning: 201, points_total: 48_213, orders_seen: 316 },
  estimates: { since: '2026-09-01' },
};

describe('step 10: the hand-over in the +fidelidade panel', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('says where the switches are and that the app cannot flip them', async () => {
    backend(view('checklist'));
    render(ActivationStep, { props });
    expect((await screen.findByTestId('panel-where')).textContent).toContain(
      'Mais > Configurações > Integração > Simplo7',
    );
    expect(screen.getByTestId('panel-steps').textContent).toContain('o aplicativo não consegue ligá-los');
  });

  it('asks the owner for the two confirmations about the panel, and sends them', async () => {
    const calls = backend(view('checklist'), { checklist_confirm: view('register_customers') });
    render(ActivationStep, { props });
    const saved = (await screen.findByTestId('confirm-form_saved_in_panel')) as HTMLInputElement;
    expect(saved.closest('li')?.textContent).toContain(
      'Colei os valores do resumo no formulário do +fidelidade e salvei',
    );
    expect(screen.getByTestId('check-program_configured').textContent).toContain(
      'Terminei as configurações do programa no painel (regras de pontos e prêmios)',
    );
    await fireEvent.click(saved);
    await vi.waitFor(() =>
      expect(calls).toContainEqual(['checklist_confirm', { which: 'form_saved_in_panel', on: true }]),
    );
  });

  it('says when the review card changed after the form was confirmed, and leaves that box unticked', async () => {
    const changed = view('checklist');
    changed.checklist.items = changed.checklist.items.map((i) =>
      i.id === 'form_saved_in_panel' ? item(i.id, false, true, true) : i.id === 'program_configured' ? item(i.id, true, true) : i,
    );
    backend(changed);
    render(ActivationStep, { props });
    const note = await screen.findByTestId('changed-form_saved_in_panel');
    expect(note.textContent).toBe(
      'O resumo do passo 9 mudou depois que você confirmou: cole os valores de novo no painel, salve e confirme outra vez.',
    );
    expect(note.closest('li')?.dataset['done']).toBe('false');
    expect((screen.getByTestId('confirm-form_saved_in_panel') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId('confirm-program_configured') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('changed-program_configured')).toBeNull();
    expect((screen.getByTestId('activate') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows no change note for a confirmation that still holds', async () => {
    backend(view('register_customers'));
    render(ActivationStep, { props });
    expect(((await screen.findByTestId('confirm-form_saved_in_panel')) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('changed-form_saved_in_panel')).toBeNull();
  });

  it('names the steps still to finish, in order, and says nothing when none are left', async () => {
    const pending = view('checklist');
    pending.checklist.pending_steps = ['api_access', 'integration_form'];
    pending.checklist.items = pending.checklist.items.map((i) => (i.id === 'steps_done' ? item(i.id, false) : i));
    backend(pending);
    render(ActivationStep, { props });
    expect((await screen.findByTestId('pending-steps')).textContent?.trim()).toBe(
      'Falta concluir: API Pública, Formulário',
    );
    cleanup();
    backend(view('checklist'));
    render(ActivationStep, { props });
    await screen.findByTestId('checklist');
    expect(screen.queryByTestId('pending-steps')).toBeNull();
  });

  it('keeps the later switches and the record closed until the earlier ones are done', async () => {
    backend(view('register_customers'));
    render(ActivationStep, { props });
    expect(await screen.findByTestId('switch-register_customers')).toBeTruthy();
    expect(screen.queryByTestId('erp-question')).toBeNull();
    expect((screen.getByTestId('activate') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('emails-warning').textContent).toContain(
      'no momento em que “Ativar integração” for ligado no painel',
    );
  });

  it('asks about an ERP before "Cadastrar vendas", and with one says to leave it off', async () => {
    const on = { on: true, since: '2026-11-28T10:00:00Z' };
    const calls = backend(view('erp_question', { register_customers: on }), {
      erp_answer: view('activate_integration', { register_customers: on, has_erp: true }),
    });
    render(ActivationStep, { props });
    expect((await screen.findByTestId('erp-question')).textContent).toContain('ERP integrado');
    expect(screen.queryByTestId('switch-register_sales')).toBeNull();
    await fireEvent.click(screen.getByTestId('erp-yes'));
    expect((await screen.findByTestId('erp-keep-off')).textContent).toContain('Deixe “Cadastrar vendas” desligado');
    expect(calls).toContainEqual(['erp_answer', { hasErp: true }]);
    expect((screen.getByTestId('activate') as HTMLButtonElement).disabled).toBe(false);
  });

  it('runs the simulation from its checklist item and shows its totals there once the run ends', async () => {
    const before = view('checklist');
    before.checklist.items = before.checklist.items.map((i) => (i.id === 'preview_run' ? { ...i, done: false } : i));
    let current = before;
    let channel: Channel<SyncProgress> | null = null;
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      switch (cmd) {
        case 'activation_view':
          return current;
        case 'sync_now':
          // The command starts the run and returns at once; its end comes over the channel.
          channel = (args as { onEvent: Channel<SyncProgress> }).onEvent;
          return null;
        case 'sync_overview':
          return SIMULATED;
        default:
          throw new Error(cmd);
      }
    });
    render(ActivationStep, { props });
    const run = await screen.findByTestId('simulate-now');
    expect(run.textContent).toBe('Fazer a simulação agora');
    expect(screen.getByTestId('check-preview_run').textContent).toContain('Simulação com os pedidos da loja');
    await fireEvent.click(run);
    await vi.waitFor(() => expect(channel).not.toBeNull());
    expect((await screen.findByTestId('simulate-now')).textContent).toBe('Lendo os pedidos da loja…');
    expect(calls).not.toContain('sync_overview');
    current = view('checklist');
    channel!.onmessage({ event: 'finished', summary: FINISHED });
    const totals = await screen.findByTestId('simulation-totals');
    expect(totals.textContent).toBe(
      '136 clientes teriam sido cadastrados, 201 pedidos dariam pontos e os clientes teriam ganho 48.213 pontos (simulação com os pedidos desde 01/09/2026).',
    );
    await vi.waitFor(() => expect(screen.getByTestId('check-preview_run').dataset['done']).toBe('true'));
    expect(screen.queryByTestId('simulate-now')).toBeNull();
  });

  it('says why the simulation could not run', async () => {
    const before = view('checklist');
    before.checklist.items = before.checklist.items.map((i) => (i.id === 'preview_run' ? { ...i, done: false } : i));
    let channel: Channel<SyncProgress> | null = null;
    mockIPC((cmd, args) => {
      if (cmd === 'activation_view') return before;
      if (cmd === 'sync_now') {
        channel = (args as { onEvent: Channel<SyncProgress> }).onEvent;
        return null;
      }
      throw new Error(cmd);
    });
    render(ActivationStep, { props });
    await fireEvent.click(await screen.findByTestId('simulate-now'));
    await vi.waitFor(() => expect(channel).not.toBeNull());
    channel!.onmessage({ event: 'failed', error: { code: 'store.unreachable', params: { host: { kind: 'text', value: 'loja.example' } } } });
    expect((await screen.findByTestId('simulation-error')).textContent).toContain('loja.example');
    expect(screen.queryByTestId('simulation-totals')).toBeNull();
  });

  it('asks "Cadastrar vendas" in the article’s words and gives no reason of its own', async () => {
    backend(view('erp_question'), { erp_answer: view('activate_integration', { has_erp: true }) });
    render(ActivationStep, { props });
    expect((await screen.findByTestId('panel-register_sales')).textContent).toContain(
      'Ligue “Cadastrar vendas”, a menos que um ERP integrado ao +fidelidade já envie as vendas',
    );
    await fireEvent.click(screen.getByTestId('erp-yes'));
    const keepOff = (await screen.findByTestId('erp-keep-off')).textContent ?? '';
    expect(keepOff).toContain('nenhum ERP integrado ao programa');
    expect(keepOff).not.toMatch(/dobro|duas vezes/);
  });

  it('offers to start with the computer, ticked, and applies it with go-live; the last step ends with "Concluído"', async () => {
    const calls = goLiveBackend({ health_set_autostart: true });
    let done = 0;
    render(ActivationStep, { props: { ...props, ondone: () => (done += 1) } });
    const choice = (await screen.findByTestId('autostart-choice')) as HTMLInputElement;
    expect(choice.checked).toBe(true);
    const label = choice.closest('label')?.textContent ?? '';
    expect(label).toContain('Monitorar e avisar: iniciar com o computador');
    expect(label).toContain('só roda enquanto o computador está ligado');
    await fireEvent.click(screen.getByTestId('activate'));
    await fireEvent.click(await screen.findByTestId('confirm-yes'));
    await vi.waitFor(() => expect(calls).toContainEqual(['health_set_autostart', { on: true }]));
    expect(calls.findIndex(([c]) => c === 'activation_set')).toBeLessThan(
      calls.findIndex(([c]) => c === 'health_set_autostart'),
    );
    expect((await screen.findByTestId('autostart-state')).textContent).toContain('inicia com o computador');
    const finish = screen.getByTestId('wizard-done');
    expect(finish.textContent).toBe('Concluído');
    await fireEvent.click(finish);
    expect(done).toBe(1);
  });

  it('leaves the start with the computer alone when the owner unticks it', async () => {
    const calls = goLiveBackend({ health_autostart: false });
    render(ActivationStep, { props });
    await fireEvent.click(await screen.findByTestId('autostart-choice'));
    await fireEvent.click(screen.getByTestId('activate'));
    await fireEvent.click(await screen.findByTestId('confirm-yes'));
    expect((await screen.findByTestId('autostart-state')).textContent).toContain('só enquanto estiver aberto');
    expect(calls.map(([c]) => c)).not.toContain('health_set_autostart');
  });

  it('records go-live only after asking, with the focus on "not yet"; Escape records nothing', async () => {
    const calls = backend(view('activate_integration', { has_erp: false }));
    render(ActivationStep, { props });
    const record = await screen.findByTestId('activate');
    expect(record.textContent).toBe('Liguei a integração no painel');
    await fireEvent.click(record);
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Você já ligou “Ativar integração” no painel do +fidelidade?');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('confirm-no')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(calls.map(([cmd]) => cmd)).not.toContain('activation_set');
  });

  it('after go-live: the 72-hour note, and going back says how to stop the e-mails in the panel', async () => {
    const handed = view('handed_over', {
      activation: { state: 'handed_over', since: '2026-11-28T13:00:00Z' },
    });
    const calls = backend(handed, { activation_set: view('activate_integration') });
    render(ActivationStep, { props });
    expect((await screen.findByTestId('handed-over-delay')).textContent).toContain(
      'em até 72 horas após ser cadastrado na loja',
    );
    await fireEvent.click(screen.getByTestId('deactivate'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('só param quando “Ativar integração” é desligado no painel');
    expect(dialog.textContent).toContain('não desliga nada no +fidelidade');
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await vi.waitFor(() => expect(calls).toContainEqual(['activation_set', { on: false }]));
    expect(await screen.findByTestId('checklist')).toBeTruthy();
  });
});
