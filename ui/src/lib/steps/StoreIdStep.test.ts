import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import StoreIdStep from './StoreIdStep.svelte';
import type { AddressDiscovery } from '$lib/backend';

/** Step 1's backend: previews and saves any domain; `discover` answers for the saved one. */
function backend(discover: (domain: string | null) => AddressDiscovery | null) {
  const saved: (string | null)[] = [];
  mockIPC((cmd, args) => {
    const { customDomain } = (args ?? {}) as { customDomain?: string | null };
    switch (cmd) {
      case 'store_preview':
        return {
          store_id: '123456',
          api_base: `https://${customDomain}/ws/`,
          source: 'override',
        };
      case 'store_save':
        saved.push(customDomain ?? null);
        return null;
      case 'store_discover':
        return discover(saved[saved.length - 1] ?? null);
      default:
        throw new Error(cmd);
    }
  });
  return saved;
}

async function typeDomain(domain: string) {
  await fireEvent.input(screen.getByTestId('store-id'), { target: { value: '123456' } });
  await fireEvent.click(screen.getByTestId('has-domain'));
  await fireEvent.input(await screen.findByTestId('custom-domain'), {
    target: { value: domain },
  });
}

describe('step 1: a custom domain that moved', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('offers the address the store moved to, and uses it on request', async () => {
    const saved = backend((domain) =>
      domain === 'minhaloja.com.br'
        ? { kind: 'moved', api_base: 'https://www.minhaloja.com.br/ws/' }
        : { kind: 'answers' },
    );
    render(StoreIdStep, { props: { id: 'store_id', store: null, valid: false, refresh: async () => {} } });
    await typeDomain('minhaloja.com.br');
    const offer = await screen.findByTestId('address-moved', {}, { timeout: 3000 });
    expect(offer.textContent).toContain('https://www.minhaloja.com.br/ws/');
    await fireEvent.click(screen.getByTestId('use-moved-address'));
    await vi.waitFor(() => expect(saved).toContain('https://www.minhaloja.com.br/ws/'));
    await vi.waitFor(() => expect(screen.queryByTestId('address-moved')).toBeNull());
  });

  it('warns when the domain sends callers to another site', async () => {
    backend(() => ({ kind: 'elsewhere', host: 'golpe.example' }));
    render(StoreIdStep, { props: { id: 'store_id', store: null, valid: false, refresh: async () => {} } });
    await typeDomain('minhaloja.com.br');
    const warning = await screen.findByTestId('address-elsewhere', {}, { timeout: 3000 });
    expect(warning.textContent).toContain('golpe.example');
    expect(warning.textContent).toContain('nunca será enviado');
  });
});
