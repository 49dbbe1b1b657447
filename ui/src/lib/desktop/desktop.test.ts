import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import About from './About.svelte';
import { i18n } from '$lib/i18n/index.svelte';
import type { AboutInfo, Removal, StartupProblem, WizardView } from '$lib/backend';

const INFO: AboutInfo = {
  version: '0.1.0',
  data_dir: '/home/ana/.local/share/br.com.conectorfidelidade.conector',
  log_dir: '/home/ana/.local/share/br.com.conectorfidelidade.conector/logs',
  os: 'linux x86_64 (Debian GNU/Linux 12 (bookworm))',
};

const CORRUPT: StartupProblem = {
  kind: 'corrupt',
  error: { code: 'db.open_failed', params: {} },
  detail: 'the database could not be opened: file is not a database',
  database: '/home/ana/.local/share/br.com.conectorfidelidade.conector/conector.sqlite3',
  start_fresh: true,
};

const LOCKED: StartupProblem = { ...CORRUPT, kind: 'locked', error: { code: 'db.locked', params: {} }, start_fresh: false };

const WIZARD: WizardView = {
  current: 'store_id',
  steps: [{ id: 'store_id', number: 1, state: 'current' }],
  can_go_back: false,
  can_go_next: false,
};

describe('the about page', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('shows the version and folders, opens the log folder and exports a diagnostic', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'about_info') return INFO;
      if (cmd === 'open_log_dir') return null;
      if (cmd === 'diagnostics_export') return '/home/ana/Downloads/conector-diagnostico-20261128-103005.zip';
      throw new Error(`unexpected command ${cmd}`);
    });
    render(About);
    expect((await screen.findByTestId('about-version')).textContent).toBe('0.1.0');
    expect(screen.getByTestId('about-log-dir').textContent).toBe(INFO.log_dir);
    expect(screen.getByTestId('about-data-dir').textContent).toBe(INFO.data_dir);

    await fireEvent.click(screen.getByTestId('open-logs'));
    await fireEvent.click(screen.getByTestId('export-diagnostics'));
    expect((await screen.findByTestId('diagnostics-saved')).textContent).toContain(
      'Diagnóstico salvo em: /home/ana/Downloads/conector-diagnostico-20261128-103005.zip',
    );
    expect(calls).toEqual(['about_info', 'open_log_dir', 'diagnostics_export']);
  });

  it('says closing the window leaves the app running, and quits it on request', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'about_info') return INFO;
      if (cmd === 'quit_app') return null;
      throw new Error(`unexpected command ${cmd}`);
    });
    render(About);
    await screen.findByTestId('about-version');
    expect(screen.getByTestId('about').textContent).toContain(
      'Fechar a janela não fecha o aplicativo',
    );
    await fireEvent.click(screen.getByTestId('quit-app'));
    expect(calls).toEqual(['about_info', 'quit_app']);
  });

  it('lists everything "Remover tudo" would remove, and removes only once confirmed', async () => {
    const calls: string[] = [];
    const removal: Removal = {
      folders: [INFO.data_dir, '/home/ana/.config/br.com.conectorfidelidade.conector'],
      copies: [
        {
          kind: 'set_aside',
          path: `${INFO.data_dir}/conector.sqlite3.bad-20261201T120000Z`,
          bytes: 4096,
          customers: 54,
          orders: 107,
        },
      ],
      store_id: 'demo',
      login_item: true,
    };
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'about_info') return INFO;
      if (cmd === 'remove_everything_plan') return removal;
      if (cmd === 'remove_everything')
        throw { code: 'remove.delete_failed', params: { path: { kind: 'text', value: INFO.data_dir } } };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(About);
    await screen.findByTestId('about-version');
    await fireEvent.click(screen.getByTestId('remove-everything'));
    const list = (await screen.findByTestId('remove-list')).textContent ?? '';
    for (const line of [
      `a pasta ${INFO.data_dir}`,
      'a pasta /home/ana/.config/br.com.conectorfidelidade.conector',
      `a cópia dos dados de clientes ${INFO.data_dir}/conector.sqlite3.bad-20261201T120000Z`,
      'o token da loja demo guardado no chaveiro do sistema',
      'o início automático com o computador',
    ]) {
      expect(list).toContain(line);
    }
    // "Cancelar" removes nothing.
    await fireEvent.click(screen.getByTestId('remove-confirm-no'));
    expect(screen.queryByTestId('remove-confirm')).toBeNull();
    expect(calls).toEqual(['about_info', 'remove_everything_plan']);

    await fireEvent.click(screen.getByTestId('remove-everything'));
    await fireEvent.click(await screen.findByTestId('remove-confirm-yes'));
    // A failure is said, with what could not be deleted.
    expect((await screen.findByTestId('about-error')).textContent).toContain(
      `Não foi possível apagar ${INFO.data_dir}`,
    );
    expect(calls).toEqual(['about_info', 'remove_everything_plan', 'remove_everything_plan', 'remove_everything']);
  });

  it('says why the log folder could not be opened', async () => {
    mockIPC((cmd) => {
      if (cmd === 'about_info') return INFO;
      throw { code: 'desktop.open_failed', params: { target: { kind: 'text', value: '/home/ana/logs' } } };
    });
    render(About);
    await screen.findByTestId('about-version');
    await fireEvent.click(screen.getByTestId('open-logs'));
    expect((await screen.findByTestId('about-error')).textContent).toContain(
      'Não foi possível abrir /home/ana/logs',
    );
  });
});

describe('a database that cannot be opened', () => {
  beforeEach(() => {
    clearMocks();
    i18n.locale = 'pt-BR';
  });
  afterEach(() => cleanup());

  it('shows the problem instead of the wizard, and "começar do zero" asks first then opens the wizard', async () => {
    const calls: string[] = [];
    let problem: StartupProblem | null = CORRUPT;
    // Fresh data is a new installation: the welcome screen comes first.
    let welcome = true;
    mockIPC((cmd) => {
      calls.push(cmd);
      switch (cmd) {
        case 'startup_problem':
          return problem;
        case 'welcome_show':
          return welcome;
        case 'welcome_done':
          welcome = false;
          return null;
        case 'startup_start_fresh':
          problem = null;
          return { backup: `${CORRUPT.database}.bad-20261128-104000`, problem: null };
        case 'about_info':
          return INFO;
        case 'get_locale':
          return 'pt-BR';
        case 'window_page':
          return null;
        case 'wizard_state':
          return WIZARD;
        case 'store_view':
          return { store_id: null, custom_domain: null, api_base: null, demo: false, token_mask: null, connection: null };
        default:
          throw new Error(`unexpected command ${cmd}`);
      }
    });
    render(App);
    expect((await screen.findByTestId('startup-message')).textContent).toContain('danificado');
    expect(screen.queryByTestId('step-title')).toBeNull();
    expect(calls).not.toContain('wizard_state');

    await fireEvent.click(screen.getByTestId('start-fresh'));
    expect(screen.getByTestId('start-fresh-confirm').textContent).toContain('nada é apagado');
    expect(calls).not.toContain('startup_start_fresh');

    await fireEvent.click(screen.getByTestId('start-fresh'));
    await fireEvent.click(await screen.findByTestId('welcome-start'));
    expect(await screen.findByTestId('step-title')).toBeTruthy();
    expect(screen.queryByTestId('startup-problem')).toBeNull();
    expect(calls.filter((c) => c === 'startup_start_fresh')).toHaveLength(1);
  });

  it('"Tentar de novo" keeps the page and says the problem remains', async () => {
    mockIPC((cmd) => {
      if (cmd === 'startup_problem' || cmd === 'startup_retry') return LOCKED;
      if (cmd === 'about_info') return INFO;
      throw new Error(`unexpected command ${cmd}`);
    });
    render(App);
    await screen.findByTestId('startup-message');
    await fireEvent.click(screen.getByTestId('startup-retry'));
    expect((await screen.findByTestId('startup-error')).textContent).toBe('O problema continua.');
    expect(screen.getByTestId('startup-problem').dataset.kind).toBe('locked');
  });

  it.each([
    ['locked', LOCKED, 'Feche o outro programa'],
    ['too_new', { ...CORRUPT, kind: 'too_new', start_fresh: false } as StartupProblem, 'Instale a versão mais recente'],
    ['unreadable', { ...CORRUPT, kind: 'unreadable', start_fresh: false } as StartupProblem, 'Verifique o espaço livre'],
  ])('a %s database gets its own advice and no "começar do zero"', async (_kind, problem, advice) => {
    mockIPC((cmd) => {
      if (cmd === 'startup_problem') return problem;
      if (cmd === 'about_info') return INFO;
      throw new Error(`unexpected command ${cmd}`);
    });
    render(App);
    const message = (await screen.findByTestId('startup-message')).textContent ?? '';
    expect(message).toContain(advice);
    expect(message).not.toMatch(/comece do zero|começar do zero/);
    expect(screen.queryByTestId('start-fresh')).toBeNull();
    expect(screen.getByTestId('startup-retry')).toBeTruthy();
  });
});
