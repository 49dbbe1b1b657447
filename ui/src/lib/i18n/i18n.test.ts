import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatBytes, formatDay } from './format';
import { i18n, tn } from './index.svelte';
import { ptBR } from './pt-BR';

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith('.svelte') ? [path] : [];
  });
}

/** The text a person would read in a component's markup, with code, tags and expressions gone. */
function literalText(source: string): string {
  let text = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Expressions nest ({t('x', { n })}): peel the innermost braces until none are left.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\{[^{}]*\}/g, '');
  }
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/[✓•…+\-–—·|/]/g, '');
}

describe('translations', () => {
  it('pt-BR and en have exactly the same keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
    for (const [key, value] of [...Object.entries(ptBR), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(ptBR) as (keyof typeof ptBR)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ptBR[key]));
    }
  });

  it('a message with a singular and a plural form has both in both languages', () => {
    for (const key of Object.keys(ptBR) as (keyof typeof ptBR)[]) {
      const forms = (s: string) => s.split('|').length;
      expect(forms(ptBR[key]), key).toBeLessThanOrEqual(2);
      expect(forms(en[key]), key).toBe(forms(ptBR[key]));
    }
  });

  it('counts pick the singular for one and the plural otherwise, written the locale way', () => {
    i18n.locale = 'pt-BR';
    expect(tn('rewards.selected', 1)).toBe('1 prêmio escolhido');
    expect(tn('rewards.selected', 0)).toBe('0 prêmios escolhidos');
    expect(tn('rewards.selected', 1500)).toBe('1.500 prêmios escolhidos');
    expect(tn('rewards.missing', 1, { skus: 'A1' })).toBe('1 prêmio escolhido saiu do XML: A1');
    i18n.locale = 'en';
    expect(tn('rewards.selected', 1)).toBe('1 reward chosen');
    expect(tn('rewards.selected', 1500)).toBe('1,500 rewards chosen');
    i18n.locale = 'pt-BR';
  });

  it('no component holds literal text outside the i18n layer', () => {
    const root = join(__dirname, '..', '..');
    for (const file of svelteFiles(root)) {
      const text = literalText(readFileSync(file, 'utf8')).trim();
      expect(text, `${file} has literal text`).toBe('');
    }
  });
});

describe('store days', () => {
  it('are written the locale way, never shifted by the time zone', () => {
    expect(formatDay('2026-09-01', 'pt-BR')).toBe('01/09/2026');
    expect(formatDay('2026-09-01', 'en')).toBe('9/1/26');
    expect(formatDay('2026-12-31', 'pt-BR')).toBe('31/12/2026');
    expect(formatDay('not a day', 'en')).toBe('not a day');
  });
});

describe('byte counts', () => {
  it('are labelled in the units they are counted in (SI: 1 MB = 1,000,000 bytes)', () => {
    // Issue #23: 267.3 million bytes were shown as "254,9 MB" (mebibytes labelled MB).
    expect(formatBytes(267_300_000, 'pt-BR')).toBe('267,3 MB');
    expect(formatBytes(267_300_000, 'en')).toBe('267.3 MB');
    expect(formatBytes(999, 'pt-BR')).toBe('999 B');
    expect(formatBytes(1_500, 'pt-BR')).toBe('1,5 kB');
    expect(formatBytes(4_000_000_000, 'en')).toBe('4 GB');
  });
});
