import { render, screen, fireEvent, cleanup } from '@testing-library/svelte';
import { mockIPC, clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import type { StepId, WizardView } from '$lib/backend';

const ORDER: StepId[] = [
  'store_id',
  'api_access',
  'service_user',
  'token',
  'find_feed',
  'feed_url',
  'panel_settings',
  'platform',
  'integration_form',
  'activation',
];

function view(current: number, canGoNext = true): WizardView {
  return {
    current: ORDER[current - 1] as StepId,
    steps: ORDER.map((id, i) => ({
      id,
      number: i + 1,
      state: i + 1 < current ? 'done' : i + 1 === current ? 'current' : 'pending',
    })),
    can_go_back: current > 1,
    can_go_next: canGoNext && current < 10,
  };
}

/** A fake backend over Tauri's IPC mock: records calls, keeps a step counter and a locale. */
function fakeBackend(
  options: { canGoNext?: boolean; failNext?: boolean; welcome?: boolean; page?: string } = {},
) {
  const calls: string[] = [];
  let page = options.page ?? null;
  let step = 1;
  let locale = 'pt-BR';
  let welcome = options.welcome ?? false;
  let demo = false;
  mockIPC((cmd, args) => {
    calls.push(cmd);
    switch (cmd) {
      case 'startup_problem':
        return null;
      case 'get_locale':
        return locale;
      case 'set_locale':
        locale = (args as { locale: string }).locale;
        return locale;
      case 'window_page':
        return page;
      case 'window_page_set':
        page = (args as { page: string }).page;
        return null;
      case 'wizard_state':
        return view(step, options.canGoNext);
      case 'welcome_show':
        return welcome;
      case 'welcome_done':
        welcome = false;
        return null;
      case 'demo_start':
        demo = true;
        return { store_id: '900000001', custom_domain: null, api_base: 'http://127.0.0.1:1/ws/', demo: true, token_mask: null, connection: null };
      case 'wizard_next':
        if (options.failNext) {
          throw { code: 'db.query_failed', params: {} };
        }
        step += 1;
        return view(step, options.canGoNext);
      case 'store_view':
        return {
          store_id: null,
          custom_domain: null,
          api_base: demo ? 'http://127.0.0.1:1/ws/' : null,
          demo,
          token_mask: null,
          connection: null,
        };
      case 'wizard_back':
        step = Math.max(1, step - 1);
        return view(step, options.canGoNext);
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return { calls, locale: () => locale, page: () => page };
}

describe('the wizard shell', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('opens on step 1 in Portuguese with all ten steps on the rail', async () => {
    fakeBackend();
    render(App);
    expect(await screen.findByTestId('step-title')).toHaveProperty(
      'textContent',
      'Copie o ID da loja',
    );
    expect(screen.getAllByTestId('rail-step')).toHaveLength(10);
    expect(screen.getByTestId('step-of').textContent?.trim()).toBe('Passo 1 de 10');
    expect((screen.getByTestId('back') as HTMLButtonElement).disabled).toBe(true);
  });

  it('switches to English and persists the choice', async () => {
    const backend = fakeBackend();
    render(App);
    await screen.findByTestId('step-title');
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByTestId('step-title').textContent).toBe('Copy the store ID');
    expect(screen.getByTestId('next').textContent).toBe('Next');
    await vi.waitFor(() => expect(backend.locale()).toBe('en'));
  });

  it('moves forward and back through the steps', async () => {
    fakeBackend();
    render(App);
    await screen.findByTestId('step-title');
    await fireEvent.click(screen.getByTestId('next'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('step-title').textContent).toBe('Abra a API Pública'),
    );
    expect(screen.getByTestId('step-of').textContent?.trim()).toBe('Passo 2 de 10');
    await fireEvent.click(screen.getByTestId('back'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('step-title').textContent).toBe('Copie o ID da loja'),
    );
  });

  it('keeps Next disabled while the step is not valid', async () => {
    fakeBackend({ canGoNext: false });
    render(App);
    await screen.findByTestId('step-title');
    expect((screen.getByTestId('next') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a backend error message instead of failing silently', async () => {
    fakeBackend({ failNext: true });
    render(App);
    await screen.findByTestId('step-title');
    await fireEvent.click(screen.getByTestId('next'));
    expect((await screen.findByTestId('error')).textContent).toContain(
      'Não foi possível ler ou gravar os dados do aplicativo',
    );
    expect(screen.getByTestId('step-title').textContent).toBe('Copie o ID da loja');
  });

  it('welcomes a new installation: what is needed, how long, and the demo store', async () => {
    const backend = fakeBackend({ welcome: true });
    render(App);
    expect((await screen.findByTestId('welcome-title')).textContent).toBe(
      'Bem-vindo ao Conector +fidelidade',
    );
    expect(screen.getByTestId('welcome-need-store').textContent).toContain('painel administrativo da sua loja');
    expect(screen.getByTestId('welcome-need-panel').textContent).toContain('painel do +fidelidade');
    expect(screen.getByTestId('welcome-time').textContent).toContain('cerca de 15 minutos');
    expect(screen.queryByTestId('step-title')).toBeNull();
    await fireEvent.click(screen.getByTestId('welcome-start'));
    expect((await screen.findByTestId('step-title')).textContent).toBe('Copie o ID da loja');
    expect(backend.calls).toContain('welcome_done');
    expect(backend.calls).not.toContain('demo_start');
  });

  it('starts the demo store from the welcome screen', async () => {
    const backend = fakeBackend({ welcome: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('welcome-demo'));
    expect(await screen.findByTestId('demo-badge')).toBeTruthy();
    await screen.findByTestId('step-title');
    expect(backend.calls.indexOf('demo_start')).toBeLessThan(backend.calls.indexOf('welcome_done'));
  });

  it('does not welcome again once left', async () => {
    fakeBackend({ welcome: false });
    render(App);
    await screen.findByTestId('step-title');
    expect(screen.queryByTestId('welcome')).toBeNull();
  });

  it('a new window opens on the page the app kept (health, after a health notification)', async () => {
    fakeBackend({ page: 'health' });
    render(App);
    await vi.waitFor(() =>
      expect(screen.getByTestId('nav-health').getAttribute('aria-pressed')).toBe('true'),
    );
    expect(screen.queryByTestId('step-title')).toBeNull();
  });

  it('tells the app each page the owner goes to, so the next window opens there', async () => {
    const backend = fakeBackend();
    render(App);
    await screen.findByTestId('step-title');
    expect(backend.page()).toBeNull();
    await fireEvent.click(screen.getByTestId('nav-about'));
    await vi.waitFor(() => expect(backend.page()).toBe('about'));
    await fireEvent.click(screen.getByTestId('nav-wizard'));
    await vi.waitFor(() => expect(backend.page()).toBe('wizard'));
  });
});
