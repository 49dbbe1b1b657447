import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ActivationStep from './ActivationStep.svelte';
import type { ActivationView } from '$lib/backend';

function view(complete: boolean): ActivationView {
  return {
    checklist: {
      items: [
        { id: 'steps_done', done: true },
        { id: 'token_tested', done: true },
        { id: 'feed_with_rewards', done: true },
        { id: 'statuses_chosen', done: true },
        { id: 'preview_run', done: complete },
      ],
      pending_steps: [],
      complete,
    },
    activation: { state: 'preview', since: null },
    register_customers: { on: false, since: null },
    register_sales: { on: false, since: null },
  };
}

describe('step 10: activation', () => {
  beforeEach(() => clearMocks());
  afterEach(() => cleanup());

  it('stays disabled until the checklist is complete', async () => {
    mockIPC((cmd) => {
      if (cmd === 'activation_view') return view(false);
      throw new Error(cmd);
    });
    render(ActivationStep, { props: { id: 'activation', store: null, valid: false, refresh: async () => {} } });
    const button = (await screen.findByTestId('activate')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByTestId('activation-blocked')).toBeTruthy();
  });

  it('asks first, with the focus on "not yet"; Escape closes without switching on', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'activation_view') return view(true);
      throw new Error(cmd);
    });
    render(ActivationStep, { props: { id: 'activation', store: null, valid: false, refresh: async () => {} } });
    await fireEvent.click(await screen.findByTestId('activate'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('e-mails');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('confirm-no')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(calls).not.toContain('activation_set');
  });
});
