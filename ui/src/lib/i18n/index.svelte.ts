import { en } from './en';
import { ptBR, type MessageKey } from './pt-BR';
import type { Locale } from '$lib/backend';

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
  const template = dictionaries[current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export const LOCALES: readonly Locale[] = ['pt-BR', 'en'];
