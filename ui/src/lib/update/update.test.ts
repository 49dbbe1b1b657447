import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { Channel } from '@tauri-apps/api/core';
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import UpdateBanner from './UpdateBanner.svelte';
import UpdateSettings from './UpdateSettings.svelte';
import { updates } from './state.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type { Available, ErrorPayload, UpdateEvent, UpdateView } from '$lib/backend';

const FOUND: Available = {
  version: '0.2.0',
  date: '2026-12-07T12:00:00Z',
  notes_pt: 'Correções na leitura dos pedidos.',
  notes_en: 'Order reading fixes.',
};

function view(over: Partial<UpdateView> = {}): UpdateView {
  return {
    current: '0.1.0',
    updater_on: true,
    auto_check: true,
    available: null,
    banner: false,
    last_check: null,
    ...over,
  };
}

/** The backend as the page sees it; `install` is how "Atualizar agora" ends. */
function fakeBackend(start: UpdateView, install?: (channel: Channel<UpdateEvent>) => Promise<null>) {
  let current = start;
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'update_view':
          return current;
        case 'update_postpone':
          current = { ...current, banner: false };
          return current;
        case 'update_set_auto_check':
          current = { ...current, auto_check: (args as { on: boolean }).on };
          return current;
        case 'update_install':
          return install!((args as { onEvent: Channel<UpdateEvent> }).onEvent);
        default:
          throw new Error(`unexpected command ${cmd}`);
      }
    },
    { shouldMockEvents: true },
  );
  return { calls, set: (v: UpdateView) => (current = v) };
}

describe('the update banner', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
    updates.view = null;
    updates.phase = { kind: 'idle' };
  });
  afterEach(() => cleanup());

  it('appears when a background check finds a version, with its notes, and "Depois" hides it', async () => {
    const backend = fakeBackend(view());
    render(UpdateBanner);
    await vi.waitFor(() => expect(backend.calls.some((c) => c.cmd === 'update_view')).toBe(true));
    expect(screen.queryByTestId('update-banner')).toBeNull();

    backend.set(view({ available: FOUND, banner: true }));
    await emit('update-found-event', FOUND);
    expect((await screen.findByTestId('update-title')).textContent).toBe('Nova versão 0.2.0 disponível');
    expect(screen.getByTestId('update-notes').textContent).toContain('Correções na leitura dos pedidos.');

    await fireEvent.click(screen.getByTestId('update-later'));
    await vi.waitFor(() => expect(screen.queryByTestId('update-banner')).toBeNull());
    expect(backend.calls.find((c) => c.cmd === 'update_postpone')?.args).toEqual({ version: '0.2.0' });
  });

  it('shows the download progress, a retry, then why nothing was installed', async () => {
    let channel: Channel<UpdateEvent> | null = null;
    let fail: (e: ErrorPayload) => void = () => {};
    fakeBackend(view({ available: FOUND, banner: true }), (c) => {
      channel = c;
      return new Promise((_, reject) => (fail = reject));
    });
    render(UpdateBanner);
    await fireEvent.click(await screen.findByTestId('update-install'));
    await vi.waitFor(() => expect(channel).not.toBeNull());

    channel!.onmessage({ event: 'started' });
    channel!.onmessage({ event: 'progress', done: 250, total: 1000, attempt: 1 });
    expect((await screen.findByTestId('update-progress')).textContent).toContain('Baixando a atualização… 25%');
    expect((screen.getByTestId('update-install') as HTMLButtonElement).disabled).toBe(true);
    channel!.onmessage({ event: 'progress', done: 100, total: 1000, attempt: 2 });
    await vi.waitFor(() =>
      expect(screen.getByTestId('update-progress').textContent).toContain('tentando de novo (2 de 3)'),
    );

    fail({
      code: 'update.download_failed',
      params: { current: { kind: 'text', value: '0.1.0' }, attempts: { kind: 'number', value: 3 } },
    });
    expect((await screen.findByTestId('update-error')).textContent).toBe(
      'O download da atualização foi interrompido (3 tentativas). Nada foi instalado: o aplicativo continua na versão 0.1.0. Tente de novo mais tarde.',
    );
    expect((screen.getByTestId('update-install') as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the refusal when a progress message arrives after the answer', async () => {
    let channel: Channel<UpdateEvent> | null = null;
    let fail: (e: ErrorPayload) => void = () => {};
    fakeBackend(view({ available: FOUND, banner: true }), (c) => {
      channel = c;
      return new Promise((_, reject) => (fail = reject));
    });
    render(UpdateBanner);
    await fireEvent.click(await screen.findByTestId('update-install'));
    await vi.waitFor(() => expect(channel).not.toBeNull());
    channel!.onmessage({ event: 'started' });

    fail({ code: 'update.bad_signature', params: { current: { kind: 'text', value: '0.1.0' } } });
    const refusal = (await screen.findByTestId('update-error')).textContent;
    expect(refusal).toContain('não tem a assinatura do Conector +fidelidade');
    // The channel and the command's answer travel apart: the download's last message comes late.
    channel!.onmessage({ event: 'progress', done: 1000, total: 1000, attempt: 1 });
    await Promise.resolve();
    await vi.waitFor(() => expect(screen.getByTestId('update-error').textContent).toBe(refusal));
    expect(screen.queryByTestId('update-progress')).toBeNull();
    expect((screen.getByTestId('update-install') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("Sobre's update section", () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
    updates.view = null;
    updates.phase = { kind: 'idle' };
  });
  afterEach(() => cleanup());

  it('says in one sentence that a build without updater does not look for updates', async () => {
    fakeBackend(view({ updater_on: false }));
    render(UpdateSettings);
    expect((await screen.findByTestId('update-off')).textContent).toBe(
      'Esta versão não busca atualizações automaticamente.',
    );
    expect(screen.queryByTestId('update-check-now')).toBeNull();
    expect(screen.queryByTestId('update-auto')).toBeNull();
  });

  it('checks now, says when there is nothing newer or why it could not look, and keeps the switch', async () => {
    const backend = fakeBackend(view());
    let answer: UpdateView | ErrorPayload = view({ last_check: '2026-12-07T15:00:00Z' });
    mockIPC(
      (cmd, args) => {
        backend.calls.push({ cmd, args });
        if (cmd === 'update_check_now') {
          if ('code' in answer) throw answer;
          return answer;
        }
        if (cmd === 'update_view') return view();
        if (cmd === 'update_set_auto_check') return view({ auto_check: (args as { on: boolean }).on });
        throw new Error(`unexpected command ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    render(UpdateSettings);
    await fireEvent.click(await screen.findByTestId('update-check-now'));
    expect((await screen.findByTestId('update-up-to-date')).textContent).toBe(
      'Você está na versão mais recente (0.1.0).',
    );

    answer = { code: 'update.unreachable', params: { current: { kind: 'text', value: '0.1.0' } } };
    await fireEvent.click(screen.getByTestId('update-check-now'));
    expect((await screen.findByTestId('update-check-error')).textContent).toContain(
      'Não foi possível consultar o servidor de atualizações agora. O aplicativo continua na versão 0.1.0',
    );

    const auto = screen.getByTestId('update-auto') as HTMLInputElement;
    expect(auto.checked).toBe(true);
    await fireEvent.click(auto);
    await vi.waitFor(() => expect(auto.checked).toBe(false));
    expect(backend.calls.find((c) => c.cmd === 'update_set_auto_check')?.args).toEqual({ on: false });
  });
});
