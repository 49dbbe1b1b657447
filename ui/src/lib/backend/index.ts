// The one door between the UI and the Rust backend. Components import from here and never call
// `invoke` or any `@tauri-apps/*` module themselves.
import { Channel } from '@tauri-apps/api/core';
import { commands, events } from './bindings';
import { errorText } from '$lib/i18n/index.svelte';
import type {
  AboutInfo,
  AddressPreview,
  AddressDiscovery,
  AppInfo,
  Confirmation,
  ConnectionOutcome,
  CustomerPoints,
  CustomerQuery,
  EmailKind,
  EmailPreviews,
  MessageCode,
  ErrorPayload,
  ActivationView,
  HistoryEntry,
  PanelConfirmation,
  PrivacyView,
  Removal,
  FeedEvent,
  FormField,
  FormView,
  IntegrationForm,
  Platform,
  ReviewField,
  ReviewKey,
  ReviewCopied,
  ClipboardEvent,
  Switch,
  FeedStatus,
  FirstHours,
  FirstHoursAnswer,
  FreshStart,
  HealthRun,
  HealthView,
  ImportReport,
  Locale,
  PastedCheck,
  PreviewRates,
  RewardPage,
  RewardTarget,
  RewardSearch,
  SelectionSummary,
  Page,
  SkippedOrder,
  SkipReason,
  StartupProblem,
  StoreView,
  SupportReport,
  SyncOverview,
  SyncProgress,
  SyncSettings,
  UpdateEvent,
  UpdateView,
  Available,
  WindowPage,
  WizardView,
} from './bindings';

export type * from './bindings';
/** The product's numbers (limits, defaults), decided in Rust. */
export { RULES } from './bindings';

/** A backend failure: a stable `code` the UI branches on and typed `params`; its text comes
 * from the message catalogue in the current language (`describeError`). */
export class BackendError extends Error {
  readonly code: MessageCode;
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.code);
    this.name = 'BackendError';
    this.code = payload.code;
    this.payload = payload;
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
  /** The about page: version, folders, system. Works even when the data could not be opened. */
  aboutInfo(): Promise<AboutInfo>;
  /** Opens an https link (or the local demo panel) in the default browser. */
  openExternal(url: string): Promise<void>;
  openLogDir(): Promise<void>;
  openDataDir(): Promise<void>;
  /** "Exportar diagnóstico": the path of the zip written (personal data removed). */
  diagnosticsExport(): Promise<string>;
  /** Asked first: when not null the app shows the problem page instead of the wizard. */
  startupProblem(): Promise<StartupProblem | null>;
  startupRetry(): Promise<StartupProblem | null>;
  startupStartFresh(): Promise<FreshStart>;
  /** What "Remover tudo deste computador" would remove (only reads). */
  removeEverythingPlan(): Promise<Removal>;
  /** Removes it all; the app exits when it succeeds, so only a failure answers. */
  removeEverything(): Promise<void>;
  /** "Sair do aplicativo": ends the app and its background work (nothing answers). */
  quitApp(): Promise<void>;
  /** The page a new window opens on (where the owner was, or the health page after a health
   * notification); `null`: the usual start. */
  windowPage(): Promise<WindowPage | null>;
  /** The owner went to `page`: a window opened later starts there. */
  windowPageSet(page: WindowPage): Promise<void>;
  wizardState(): Promise<WizardView>;
  wizardNext(): Promise<WizardView>;
  wizardBack(): Promise<WizardView>;
  wizardConfirm(confirmation: Confirmation, confirmed: boolean): Promise<WizardView>;
  /** Whether the welcome screen comes before step 1 (a new installation). */
  welcomeShow(): Promise<boolean>;
  /** The owner left the welcome screen: it is not shown again. */
  welcomeDone(): Promise<void>;
  storeView(): Promise<StoreView>;
  storePreview(storeId: string, customDomain: string | null): Promise<AddressPreview>;
  /** Whether the saved custom domain answers by itself or moved (asked without the token). */
  storeDiscover(): Promise<AddressDiscovery | null>;
  storeSave(storeId: string, customDomain: string | null): Promise<StoreView>;
  storeTestConnection(token: string | null): Promise<ConnectionOutcome>;
  storeDisconnect(): Promise<StoreView>;
  demoStart(): Promise<StoreView>;
  feedImport(url: string, onEvent: (event: FeedEvent) => void): Promise<ImportReport>;
  feedCancel(): Promise<void>;
  /** Step 6 shown again while an import runs: its latest progress, then every event to its end. `false` when none runs. */
  feedFollow(onEvent: (event: FeedEvent) => void): Promise<boolean>;
  feedStatus(): Promise<FeedStatus>;
  /** Search as you type; each product's reward cost at the saved preview rates. */
  catalogSearch(search: RewardSearch): Promise<RewardPage>;
  rewardsSelect(target: RewardTarget, selected: boolean): Promise<SelectionSummary>;
  rewardsPaste(text: string): Promise<PastedCheck>;
  /** The preview rates: one saved set for the reward picker, the dashboard and the e-mails. */
  previewRates(): Promise<PreviewRates>;
  /** Saves the rates; a new earn rate recomputes the preview's points at once. */
  previewRatesSave(rates: PreviewRates): Promise<PreviewRates>;
  platformChoose(platform: Platform): Promise<WizardView>;
  platformCurrent(): Promise<Platform | null>;
  formView(): Promise<FormView>;
  formSave(form: IntegrationForm): Promise<FormView>;
  formProbeLink(field: FormField, url: string): Promise<FormView>;
  /** "Sim, é isso mesmo" about a cancellation-looking final status (`yes` false takes it back). */
  formConfirmStatus(statusId: string, yes: boolean): Promise<FormView>;
  reviewFields(): Promise<ReviewField[]>;
  /** Copies a line of the review card (`null`: every line but the AppKey). For the AppKey,
   * `onClear` hears when its wait is over and the clipboard was (or was not) cleared. */
  reviewCopy(
    key: ReviewKey | null,
    onClear: (event: ClipboardEvent) => void,
  ): Promise<ReviewCopied>;
  activationView(): Promise<ActivationView>;
  /** The owner's record that the integration is on (or off) in the +fidelidade panel. */
  activationSet(on: boolean): Promise<ActivationView>;
  /** The owner's record of one of the panel's switches. */
  switchSet(which: Switch, on: boolean): Promise<ActivationView>;
  /** The owner's confirmation about the panel (form saved there, program set up there). */
  checklistConfirm(which: PanelConfirmation, on: boolean): Promise<ActivationView>;
  /** The owner's answer: is an ERP integrated with +fidelidade? */
  erpAnswer(hasErp: boolean): Promise<ActivationView>;
  /** The customers' data the preview keeps: where, how much, until when. */
  privacyView(): Promise<PrivacyView>;
  /** "Apagar dados da prévia": orders, customers and ledger; settings and catalogue stay. */
  privacyErase(): Promise<PrivacyView>;
  /** After go-live: keep the data past its erase day, or let it go on that day. */
  privacyKeep(keep: boolean): Promise<PrivacyView>;
  syncOverview(): Promise<SyncOverview>;
  syncSaveSettings(settings: SyncSettings): Promise<SyncOverview>;
  /** "Ler pedidos da loja agora": resolves once the run is asked for; its events go to `onEvent`. */
  syncNow(onEvent: (event: SyncProgress) => void): Promise<void>;
  syncCancel(): Promise<boolean>;
  /** Every sync run's events, background ones included; resolves to the unsubscribe call. */
  onSyncRun(handler: (event: SyncProgress) => void): Promise<() => void>;
  syncCustomers(query: CustomerQuery): Promise<Page<CustomerPoints>>;
  syncCustomerHistory(key: string): Promise<HistoryEntry[]>;
  syncSkipped(reason: SkipReason | null, offset: number, limit: number): Promise<Page<SkippedOrder>>;
  syncEmails(kind: EmailKind, offset: number, limit: number): Promise<EmailPreviews>;
  /** The health page; the history is grouped by the window's local days. */
  healthView(): Promise<HealthView>;
  /** "Verificar agora": resolves with the page once every check has run. */
  healthCheckNow(): Promise<HealthView>;
  healthAcceptFeedCount(): Promise<number | null>;
  healthFirstHours(): Promise<FirstHours | null>;
  /** "Bateu" / "Não bateu" for one order (refused until final and due); resolves to the card. */
  healthFirstHoursAnswer(orderId: number, answer: FirstHoursAnswer): Promise<FirstHours>;
  /** "Não bateu": the facts for +fidelidade's support and the redacted diagnostic zip's path. */
  healthFirstHoursSupport(): Promise<SupportReport>;
  healthAutostart(): Promise<boolean>;
  healthSetAutostart(on: boolean): Promise<boolean>;
  /** Every health run (scheduled, from the tray or asked for); resolves to the unsubscribe call. */
  onHealthRun(handler: (run: HealthRun) => void): Promise<() => void>;
  /** Updates: this build's updater, the running version, what a check found, the banner. */
  updateView(): Promise<UpdateView>;
  /** "Procurar atualização agora": fails with the reason (off, unreachable). */
  updateCheckNow(): Promise<UpdateView>;
  /** "Depois": the banner of `version` stays hidden until the next day. */
  updatePostpone(version: string): Promise<UpdateView>;
  updateSetAutoCheck(on: boolean): Promise<UpdateView>;
  /** "Atualizar agora": progress to `onEvent`; on success the app restarts into the update. */
  updateInstall(onEvent: (event: UpdateEvent) => void): Promise<void>;
  /** A check in the background found a newer version; resolves to the unsubscribe call. */
  onUpdateFound(handler: (found: Available) => void): Promise<() => void>;
}

/** The window's time zone as the backend counts it: minutes east of UTC (-180 in Brasília). */
function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

export const backend: Backend = {
  appInfo: () => commands.appInfo(),
  getLocale: async () => unwrap(await commands.getLocale()),
  setLocale: async (locale) => unwrap(await commands.setLocale(locale)),
  aboutInfo: () => commands.aboutInfo(),
  openExternal: async (url) => void unwrap(await commands.openExternal(url)),
  openLogDir: async () => void unwrap(await commands.openLogDir()),
  openDataDir: async () => void unwrap(await commands.openDataDir()),
  diagnosticsExport: async () => unwrap(await commands.diagnosticsExport()),
  startupProblem: () => commands.startupProblem(),
  startupRetry: () => commands.startupRetry(),
  startupStartFresh: async () => unwrap(await commands.startupStartFresh()),
  removeEverythingPlan: async () => unwrap(await commands.removeEverythingPlan()),
  removeEverything: async () => void unwrap(await commands.removeEverything()),
  quitApp: async () => void (await commands.quitApp()),
  windowPage: () => commands.windowPage(),
  windowPageSet: async (page) => void (await commands.windowPageSet(page)),
  wizardState: async () => unwrap(await commands.wizardState()),
  wizardNext: async () => unwrap(await commands.wizardNext()),
  wizardBack: async () => unwrap(await commands.wizardBack()),
  wizardConfirm: async (confirmation, confirmed) =>
    unwrap(await commands.wizardConfirm(confirmation, confirmed)),
  welcomeShow: async () => unwrap(await commands.welcomeShow()),
  welcomeDone: async () => void unwrap(await commands.welcomeDone()),
  storeView: async () => unwrap(await commands.storeView()),
  storePreview: async (storeId, customDomain) =>
    unwrap(await commands.storePreview(storeId, customDomain)),
  storeDiscover: async () => unwrap(await commands.storeDiscover()),
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
  feedFollow: (onEvent) => {
    const channel = new Channel<FeedEvent>();
    channel.onmessage = onEvent;
    return commands.feedFollow(channel);
  },
  feedStatus: async () => unwrap(await commands.feedStatus()),
  catalogSearch: async (search) => unwrap(await commands.catalogSearch(search)),
  rewardsSelect: async (target, selected) =>
    unwrap(await commands.rewardsSelect(target, selected)),
  rewardsPaste: async (text) => unwrap(await commands.rewardsPaste(text)),
  previewRates: async () => unwrap(await commands.previewRates()),
  previewRatesSave: async (rates) => unwrap(await commands.previewRatesSave(rates)),
  platformChoose: async (platform) => unwrap(await commands.platformChoose(platform)),
  platformCurrent: async () => unwrap(await commands.platformCurrent()),
  formView: async () => unwrap(await commands.formView()),
  formSave: async (form) => unwrap(await commands.formSave(form)),
  formProbeLink: async (field, url) => unwrap(await commands.formProbeLink(field, url)),
  formConfirmStatus: async (statusId, yes) =>
    unwrap(await commands.formConfirmStatus(statusId, yes)),
  reviewFields: async () => unwrap(await commands.reviewFields()),
  reviewCopy: async (key, onClear) => {
    const channel = new Channel<ClipboardEvent>();
    channel.onmessage = onClear;
    return unwrap(await commands.reviewCopy(key, channel));
  },
  activationView: async () => unwrap(await commands.activationView()),
  activationSet: async (on) => unwrap(await commands.activationSet(on)),
  switchSet: async (which, on) => unwrap(await commands.switchSet(which, on)),
  checklistConfirm: async (which, on) => unwrap(await commands.checklistConfirm(which, on)),
  erpAnswer: async (hasErp) => unwrap(await commands.erpAnswer(hasErp)),
  privacyView: async () => unwrap(await commands.privacyView()),
  privacyErase: async () => unwrap(await commands.privacyErase()),
  privacyKeep: async (keep) => unwrap(await commands.privacyKeep(keep)),
  syncOverview: async () => unwrap(await commands.syncOverview()),
  syncSaveSettings: async (settings) => unwrap(await commands.syncSaveSettings(settings)),
  syncNow: async (onEvent) => {
    const channel = new Channel<SyncProgress>();
    channel.onmessage = onEvent;
    unwrap(await commands.syncNow(channel));
  },
  syncCancel: () => commands.syncCancel(),
  onSyncRun: async (handler) => events.syncRunEvent.listen((event) => handler(event.payload)),
  syncCustomers: async (query) => unwrap(await commands.syncCustomers(query)),
  syncCustomerHistory: async (key) => unwrap(await commands.syncCustomerHistory(key)),
  syncSkipped: async (reason, offset, limit) =>
    unwrap(await commands.syncSkipped(reason, offset, limit)),
  syncEmails: async (kind, offset, limit) => unwrap(await commands.syncEmails(kind, offset, limit)),
  healthView: async () => unwrap(await commands.healthView(utcOffsetMinutes())),
  healthCheckNow: async () => unwrap(await commands.healthCheckNow(utcOffsetMinutes())),
  healthAcceptFeedCount: async () => unwrap(await commands.healthAcceptFeedCount()),
  healthFirstHours: async () => unwrap(await commands.healthFirstHours()),
  healthFirstHoursAnswer: async (orderId, answer) =>
    unwrap(await commands.healthFirstHoursAnswer(orderId, answer)),
  healthFirstHoursSupport: async () => unwrap(await commands.healthFirstHoursSupport()),
  healthAutostart: async () => unwrap(await commands.healthAutostart()),
  healthSetAutostart: async (on) => unwrap(await commands.healthSetAutostart(on)),
  onHealthRun: async (handler) => events.healthRunEvent.listen((event) => handler(event.payload)),
  updateView: async () => unwrap(await commands.updateView()),
  updateCheckNow: async () => unwrap(await commands.updateCheckNow()),
  updatePostpone: async (version) => unwrap(await commands.updatePostpone(version)),
  updateSetAutoCheck: async (on) => unwrap(await commands.updateSetAutoCheck(on)),
  updateInstall: async (onEvent) => {
    const channel = new Channel<UpdateEvent>();
    channel.onmessage = onEvent;
    unwrap(await commands.updateInstall(channel));
  },
  onUpdateFound: async (handler) =>
    events.updateFoundEvent.listen((event) => handler(event.payload)),
};

/** What to show for a failure, in the current language: the backend's coded error, or an
 * unexpected one (its own text is never shown: it may be English or technical). */
/**
 * For a page that reads the app's state more than once: each call starts a read and returns
 * `current()`, true while no newer read was started since. Two reads in flight can answer in
 * any order; an answer whose read is no longer current is dropped, so an older answer (from
 * before a run or an erase) never hides a newer one.
 */
export function newestRead(): () => () => boolean {
  let started = 0;
  return () => {
    const mine = ++started;
    return () => mine === started;
  };
}

/**
 * Listens while a component is on screen: `listen` subscribes (to an app event), `onListening`
 * runs once the subscription is in place. Returns the cleanup for `$effect`; a component gone
 * before the subscription arrived unsubscribes at once.
 */
export function listenWhileMounted(
  listen: () => Promise<() => void>,
  onListening?: () => void,
): () => void {
  let stop: (() => void) | null = null;
  let gone = false;
  listen().then(
    (unlisten) => {
      if (gone) return unlisten();
      stop = unlisten;
      onListening?.();
    },
    (e) => console.error(e),
  );
  return () => {
    gone = true;
    stop?.();
  };
}

export function describeError(e: unknown): { code: MessageCode; message: string; payload: ErrorPayload } {
  const payload: ErrorPayload =
    e instanceof BackendError ? e.payload : { code: 'app.internal', params: {} };
  if (!(e instanceof BackendError)) console.error(e);
  return { code: payload.code, message: errorText(payload), payload };
}
