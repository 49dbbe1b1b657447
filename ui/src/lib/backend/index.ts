// The one door between the UI and the Rust backend. Components import from here and never call
// `invoke` or any `@tauri-apps/*` module themselves.
import { Channel } from '@tauri-apps/api/core';
import { commands } from './bindings';
import type {
  AddressPreview,
  AppInfo,
  Confirmation,
  ConnectionOutcome,
  CustomerPoints,
  CustomerQuery,
  EmailKind,
  EmailPreviews,
  ErrorPayload,
  FeedEvent,
  FeedStatus,
  ImportReport,
  Locale,
  PastedCheck,
  PreviewRates,
  RewardPage,
  RewardTarget,
  SearchQuery,
  SelectionSummary,
  Page,
  SkippedOrder,
  SkipReason,
  StoreView,
  SyncOverview,
  SyncProgress,
  SyncSettings,
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
  feedImport(url: string, onEvent: (event: FeedEvent) => void): Promise<ImportReport>;
  feedCancel(): Promise<void>;
  feedStatus(): Promise<FeedStatus>;
  catalogSearch(query: SearchQuery, rates: PreviewRates): Promise<RewardPage>;
  rewardsSelect(target: RewardTarget, selected: boolean): Promise<SelectionSummary>;
  rewardsPaste(text: string): Promise<PastedCheck>;
  syncOverview(): Promise<SyncOverview>;
  syncSaveSettings(settings: SyncSettings): Promise<SyncOverview>;
  /** "Sincronizar agora": resolves once the run is asked for; its events go to `onEvent`. */
  syncNow(onEvent: (event: SyncProgress) => void): Promise<void>;
  syncCancel(): Promise<boolean>;
  syncCustomers(query: CustomerQuery): Promise<Page<CustomerPoints>>;
  syncSkipped(reason: SkipReason | null, offset: number, limit: number): Promise<Page<SkippedOrder>>;
  syncEmails(kind: EmailKind, offset: number, limit: number): Promise<EmailPreviews>;
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
  feedImport: async (url, onEvent) => {
    const channel = new Channel<FeedEvent>();
    channel.onmessage = onEvent;
    return unwrap(await commands.feedImport(url, channel));
  },
  feedCancel: () => commands.feedCancel(),
  feedStatus: async () => unwrap(await commands.feedStatus()),
  catalogSearch: async (query, rates) => unwrap(await commands.catalogSearch(query, rates)),
  rewardsSelect: async (target, selected) =>
    unwrap(await commands.rewardsSelect(target, selected)),
  rewardsPaste: async (text) => unwrap(await commands.rewardsPaste(text)),
  syncOverview: async () => unwrap(await commands.syncOverview()),
  syncSaveSettings: async (settings) => unwrap(await commands.syncSaveSettings(settings)),
  syncNow: async (onEvent) => {
    const channel = new Channel<SyncProgress>();
    channel.onmessage = onEvent;
    unwrap(await commands.syncNow(channel));
  },
  syncCancel: () => commands.syncCancel(),
  syncCustomers: async (query) => unwrap(await commands.syncCustomers(query)),
  syncSkipped: async (reason, offset, limit) =>
    unwrap(await commands.syncSkipped(reason, offset, limit)),
  syncEmails: async (kind, offset, limit) => unwrap(await commands.syncEmails(kind, offset, limit)),
};

/** The message to show for a failure: the backend's (already in Portuguese) or the JS error. */
export function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof BackendError) return { code: e.code, message: e.message };
  return { code: 'internal', message: String(e) };
}
