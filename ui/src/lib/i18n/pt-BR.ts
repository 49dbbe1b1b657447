// Brazilian Portuguese, the default language: every area's messages merged into one dictionary.
// Each area lives in `messages/<area>.ts` with its pt-BR and en texts side by side; the type of
// each `en` object makes a missing key a compile error.
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

export const ptBR = { ...shell.pt, ...store.pt, ...feed.pt, ...integration.pt, ...sync.pt, ...desktop.pt, ...preview.pt, ...health.pt, ...privacy.pt, ...update.pt } as const;

export type MessageKey = keyof typeof ptBR;
