import { en } from './en';
import { ptBR, type MessageKey } from './pt-BR';
import type { MessageCode, ErrorPayload, Locale, Params } from '$lib/backend/bindings';
import { messageText } from './codes';
import { formatCount } from './format';

export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'pt-BR': ptBR, en };

let current = $state<Locale>('pt-BR');

export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(value: Locale) {
    current = value;
    if (typeof document !== 'undefined') document.documentElement.lang = value;
  },
};

/** Translates `key` in the current language, filling `{name}` placeholders from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(dictionaries[current][key], params);
}

/**
 * Translates a message about `count` things. Its text holds the singular and the plural forms
 * separated by `|` ("{count} prêmio escolhido|{count} prêmios escolhidos"); `{count}`
 * becomes the number written the locale's way.
 */
export function tn(
  key: MessageKey,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const template = dictionaries[current][key];
  const bar = template.indexOf('|');
  const form = bar < 0 ? template : count === 1 ? template.slice(0, bar) : template.slice(bar + 1);
  return fill(form, { ...params, count: formatCount(count, current) });
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The sentence for a backend message code (an error, a field note), in the current language. */
export function tc(code: MessageCode, params: Params = {}): string {
  return messageText(code, params, current);
}

/** The sentence for an error the backend sent, in the current language. */
export function errorText(payload: ErrorPayload): string {
  return messageText(payload.code, payload.params, current);
}

export const LOCALES: readonly Locale[] = ['pt-BR', 'en'];
