import { cleanup, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import OfflineBanner from './OfflineBanner.svelte';

describe('offline banner', () => {
  afterEach(() => cleanup());

  it('says the app is offline while the network is down, and goes away when it returns', () => {
    render(OfflineBanner);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    window.dispatchEvent(new Event('offline'));
    flushSync();
    expect(screen.getByTestId('offline-banner').textContent).toContain('Sem internet');
    window.dispatchEvent(new Event('online'));
    flushSync();
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});
