import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ProgressRail from './ProgressRail.svelte';
import type { StepView } from '$lib/backend';

describe('the progress rail', () => {
  afterEach(() => cleanup());

  it('marks a step that lost its validity and the steps Next cannot reach yet', () => {
    const steps: StepView[] = [
      { id: 'store_id', number: 1, state: 'done' },
      { id: 'api_access', number: 2, state: 'done' },
      { id: 'service_user', number: 3, state: 'done' },
      { id: 'token', number: 4, state: 'problem' },
      { id: 'find_feed', number: 5, state: 'done' },
      { id: 'feed_url', number: 6, state: 'current' },
      { id: 'panel_settings', number: 7, state: 'blocked' },
    ];
    render(ProgressRail, { props: { steps } });
    const items = screen.getAllByTestId('rail-step');
    expect(items[3]?.dataset.state).toBe('problem');
    expect(items[3]?.textContent).toContain('!');
    expect(items[3]?.textContent).toContain('precisa de atenção');
    expect(items[5]?.getAttribute('aria-current')).toBe('step');
    expect(items[6]?.textContent).toContain('bloqueado');
    expect(items[0]?.textContent).toContain('✓');
  });
});
