import type { StepId, StoreView } from '$lib/backend';

/** What every step page receives from the wizard shell. */
export interface StepProps {
  id: StepId;
  store: StoreView | null;
  /** Whether the step is valid now (for a confirmation step: it was confirmed). */
  valid: boolean;
  /** Re-reads the wizard and the store after the step changed something. */
  refresh: () => Promise<void>;
  /** The wizard is done (the last step's "Concluído"): the shell opens the monitoring page. */
  ondone?: () => void;
}
