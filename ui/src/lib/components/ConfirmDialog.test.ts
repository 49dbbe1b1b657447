import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ConfirmDialog from './ConfirmDialog.svelte';

const body = createRawSnippet(() => ({ render: () => '<p>Os dados somem deste computador.</p>' }));

function open(busy: boolean) {
  const onno = vi.fn();
  const onyes = vi.fn();
  render(ConfirmDialog, {
    props: { title: 'Apagar?', testid: 'ask', no: 'Não apagar', yes: 'Apagar', busy, onno, onyes, children: body },
  });
  return { onno, onyes };
}

describe('confirmation dialog', () => {
  afterEach(() => cleanup());

  it('asks with the safe answer focused; Escape and "no" decline, only "yes" confirms', async () => {
    const { onno, onyes } = open(false);
    const dialog = screen.getByTestId('ask');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.textContent).toContain('Os dados somem deste computador.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('ask-no')));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await fireEvent.click(screen.getByTestId('ask-no'));
    expect(onno).toHaveBeenCalledTimes(2);
    expect(onyes).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('ask-yes'));
    expect(onyes).toHaveBeenCalledTimes(1);
  });

  it('while the confirmed work runs, neither answer can be given again, nor Escape close it', async () => {
    const { onno, onyes } = open(true);
    const no = screen.getByTestId('ask-no') as HTMLButtonElement;
    const yes = screen.getByTestId('ask-yes') as HTMLButtonElement;
    expect(no.disabled && yes.disabled).toBe(true);
    await fireEvent.keyDown(screen.getByTestId('ask'), { key: 'Escape' });
    await fireEvent.click(yes);
    expect(onno).not.toHaveBeenCalled();
    expect(onyes).not.toHaveBeenCalled();
  });
});
