import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '@tauri-apps/api/core';
import IntegrationFormStep from './IntegrationFormStep.svelte';
import type { ClipboardEvent, ReviewCopied, ReviewField, ReviewKey } from '$lib/backend';

const REVIEW: ReviewField[] = [
  { key: 'app_key', value: '••••••••0001', secret: true },
  { key: 'store_code', value: '900000001', secret: false },
];

/** The backend of step 9 with the review card; `review_copy` answers like the real one. */
function backend() {
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
          url: null,
          demo_url: null,
          last_import: null,
          selection: { whole_catalog: true, selected: 0, missing: [], missing_total: 0 },
        };
      case 'review_fields':
        return REVIEW;
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

describe('step 9: the review card and the clipboard', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('says that "Copiar tudo" leaves the AppKey out', async () => {
    const ipc = backend();
    render(IntegrationFormStep, {
      props: { id: 'integration_form', store: null, valid: false, refresh: async () => {} },
    });
    const note = await screen.findByTestId('copy-all-note');
    expect(note.textContent).toContain('menos o AppKey');
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
