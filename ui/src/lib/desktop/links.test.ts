import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { beforeEach, describe, expect, it } from 'vitest';
import { openLinksOutside } from './links';

describe('links', () => {
  beforeEach(() => clearMocks());

  it('open in the default browser through Rust, not inside the window', async () => {
    const opened: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'open_external') return void opened.push((args as { url: string }).url);
      throw new Error(`unexpected command ${cmd}`);
    });
    document.body.innerHTML =
      '<p><a href="https://www.simplo7.com.br/ajuda"><span id="inner">ajuda</span></a></p><button id="plain">x</button>';
    const handler = openLinksOutside();
    document.addEventListener('click', handler);
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.getElementById('inner')?.dispatchEvent(event);
    document.getElementById('plain')?.click();
    document.removeEventListener('click', handler);

    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(opened).toEqual(['https://www.simplo7.com.br/ajuda']));
  });

  it('say why a refused link was not opened', async () => {
    mockIPC(() => {
      throw { code: 'desktop.url_refused', params: {} };
    });
    document.body.innerHTML = '<a id="a" href="http://example.com/">x</a>';
    const errors: string[] = [];
    const handler = openLinksOutside((m) => errors.push(m));
    document.addEventListener('click', handler);
    document.getElementById('a')?.click();
    document.removeEventListener('click', handler);
    await vi.waitFor(() => expect(errors).toEqual([
        'Este endereço não pode ser aberto pelo aplicativo: só endereços seguros (https://) são abertos no navegador.',
      ]));
  });
});
