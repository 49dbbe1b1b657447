// The one door between the UI and the Rust backend. Components import from here and never call
// `invoke` or any `@tauri-apps/*` module themselves.
import { commands } from './bindings';
import type { AppInfo, ErrorPayload, Locale, WizardView } from './bindings';

export type * from './bindings';

/** A backend failure the UI can branch on (`code`) and show (`message`, in Portuguese). */
export class BackendError extends Error {
  readonly code: string;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'BackendError';
    this.code = payload.code;
  }
}

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorPayload };

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.status === 'error') throw new BackendError(outcome.error);
  return outcome.data;
}

export interface Backend {
  appInfo(): Promise<AppInfo>;
  getLocale(): Promise<Locale>;
  setLocale(locale: Locale): Promise<Locale>;
  wizardState(): Promise<WizardView>;
  wizardNext(): Promise<WizardView>;
  wizardBack(): Promise<WizardView>;
}

export const backend: Backend = {
  appInfo: () => commands.appInfo(),
  getLocale: async () => unwrap(await commands.getLocale()),
  setLocale: async (locale) => unwrap(await commands.setLocale(locale)),
  wizardState: async () => unwrap(await commands.wizardState()),
  wizardNext: async () => unwrap(await commands.wizardNext()),
  wizardBack: async () => unwrap(await commands.wizardBack()),
};
