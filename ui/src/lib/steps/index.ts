import type { Component } from 'svelte';
import type { StepId } from '$lib/backend';
import InstructionsStep from './InstructionsStep.svelte';

/** The page component of each wizard step. Steps without their own page yet show instructions. */
export function stepComponent(id: StepId): Component<{ id: StepId }> {
  switch (id) {
    default:
      return InstructionsStep;
  }
}
