import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import TokenStep from './TokenStep.svelte';
import type { StoreView } from '$lib/backend';

const store: StoreView = {
  store_id: '123456',
  custom_domain: null,
  api_base: 'https://123456.simplo7.net/ws/',
  demo: false,
  token_mask: null,
  connection: null,
};

describe('step 4: token', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('explains a rejected token in plain words and sends the typed token once', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'store_test_connection') {
        sent.push((args as { token: string | null }).token);
        throw { code: 'store.token_rejected', params: {} };
      }
      throw new Error(cmd);
    });
    render(TokenStep, { props: { id: 'token', store, valid: false, refresh: async () => {} } });
    await fireEvent.input(screen.getByTestId('token'), { target: { value: 'errado-123' } });
    await fireEvent.click(screen.getByTestId('test-connection'));
    const error = await screen.findByTestId('connection-error');
    expect(error.textContent).toContain('Token recusado pela loja');
    expect(error.textContent).toContain('token inválido ou sem permissão');
    expect(sent).toEqual(['errado-123']);
    // Focus goes back to the field at fault, which points at the error.
    const field = screen.getByTestId('token');
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe('token-error');
  });

  it('shows the status count and only the mask after success', async () => {
    let refreshed = 0;
    mockIPC((cmd) => {
      if (cmd === 'store_test_connection') {
        return {
          connection: {
            tested_at: '2026-11-28T10:00:00Z',
            api_base: store.api_base,
            statuses: [
              { id: '3', name: 'Pago' },
              { id: '7', name: 'Enviado' },
            ],
          },
          token_mask: '••••••••3f9a',
          replaced: false,
        };
      }
      throw new Error(cmd);
    });
    render(TokenStep, { props: { id: 'token', store, valid: false, refresh: async () => void refreshed++ } });
    await fireEvent.input(screen.getByTestId('token'), { target: { value: 'abcd-3f9a' } });
    await fireEvent.click(screen.getByTestId('test-connection'));
    expect((await screen.findByTestId('status-count')).textContent).toContain('2 status');
    expect(screen.getByTestId('token-mask').textContent).toContain('••••••••3f9a');
    expect((screen.getByTestId('token') as HTMLInputElement).value).toBe('');
    expect(refreshed).toBe(1);
  });
});
