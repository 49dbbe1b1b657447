import type { MessageKey } from './pt-BR';
import * as shell from './messages/shell';
import * as store from './messages/store';
import * as feed from './messages/feed';
import * as integration from './messages/integration';
import * as sync from './messages/sync';
import * as desktop from './messages/desktop';
import * as preview from './messages/preview';
import * as health from './messages/health';
import * as privacy from './messages/privacy';
import * as update from './messages/update';

// English: every key of pt-BR.ts, no more, no less.
export const en: Record<MessageKey, string> = { ...shell.en, ...store.en, ...feed.en, ...integration.en, ...sync.en, ...desktop.en, ...preview.en, ...health.en, ...privacy.en, ...update.en };
