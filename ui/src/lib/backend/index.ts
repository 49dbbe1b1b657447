// The one door between the UI and the Rust backend. Components import from here and never call
// `invoke` or any `@tauri-apps/*` module themselves.
import { commands } from './bindings';
import type {
  AddressPreview,
  AppInfo,
  Confirmation,
  ConnectionOutcome,
  ErrorPayload,
  Locale,
  StoreView,
  WizardView,
} from './bindings';

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
  wizardConfirm(confirmation: Confirmation, confirmed: boolean): Promise<WizardView>;
  storeView(): Promise<StoreView>;
  storePreview(storeId: string, customDomain: string | null): Promise<AddressPreview>;
  storeSave(storeId: string, customDomain: string | null): Promise<StoreView>;
  storeTestConnection(token: string | null): Promise<ConnectionOutcome>;
  storeDisconnect(): Promise<StoreView>;
  demoStart(): Promise<StoreView>;
}

export const backend: Backend = {
  appInfo: () => commands.appInfo(),
  getLocale: async () => unwrap(await commands.getLocale()),
  setLocale: async (locale) => unwrap(await commands.setLocale(locale)),
  wizardState: async () => unwrap(await commands.wizardState()),
  wizardNext: async () => unwrap(await commands.wizardNext()),
  wizardBack: async () => unwrap(await commands.wizardBack()),
  wizardConfirm: async (confirmation, confirmed) =>
    unwrap(await commands.wizardConfirm(confirmation, confirmed)),
  storeView: async () => unwrap(await commands.storeView()),
  storePreview: async (storeId, customDomain) =>
    unwrap(await commands.storePreview(storeId, customDomain)),
  storeSave: async (storeId, customDomain) =>
    unwrap(await commands.storeSave(storeId, customDomain)),
  storeTestConnection: async (token) => unwrap(await commands.storeTestConnection(token)),
  storeDisconnect: async () => unwrap(await commands.storeDisconnect()),
  demoStart: async () => unwrap(await commands.demoStart()),
};

/** The message to show for a failure: the backend's (already in Portuguese) or the JS error. */
export function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof BackendError) return { code: e.code, message: e.message };
  return { code: 'internal', message: String(e) };
}
