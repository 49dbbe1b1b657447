import type { StepId, StoreView } from '$lib/backend';

/** What every step page receives from the wizard shell. */
export interface StepProps {
  id: StepId;
  store: StoreView | null;
  /** Re-reads the wizard and the store after the step changed something. */
  refresh: () => Promise<void>;
}
