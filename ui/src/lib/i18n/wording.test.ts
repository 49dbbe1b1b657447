// The app switches nothing in +fidelidade: its switches are in the +fidelidade panel, and the
// app only keeps the owner's record of them. No message, in either language, may say otherwise.
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ptBR } from './pt-BR';
import ptErrors from './codes/pt-BR.json';
import enErrors from './codes/en.json';

/** A message that places the act in the panel (the owner's own action there) is not a claim. */
const IN_THE_PANEL = /\bpainel\b|\bpanel\b/i;

/** Ways a sentence says that the app itself switches +fidelidade on or off. */
const CLAIMS: { pattern: RegExp; shape: string }[] = [
  // Portuguese.
  { pattern: /^\s*(ativar|desativar|ligar|desligar)\b/i, shape: 'a button that switches (“Ativar integração”)' },
  {
    pattern: /\b(liga|desliga|ativa|desativa)\s+(a\s+integração|o\s+\+fidelidade|o\s+programa|os\s+e-mails)/i,
    shape: 'the app switching it (“Liga a integração”)',
  },
  { pattern: /\bsim,?\s+(ativar|desativar|ligar|desligar)\b/i, shape: 'an answer that switches (“Sim, ativar”)' },
  { pattern: /:\s*(ativar|desativar|ligar|desligar)\s*$/i, shape: 'an answer that switches (“…: ligar”)' },
  { pattern: /\bintegração\s+(ativada|desativada|ligada|desligada)\b/i, shape: 'a state the app caused (“Integração ativada”)' },
  { pattern: /\+fidelidade\s+assumiu\b/i, shape: 'a hand-over the app performed (“o +fidelidade assumiu”)' },
  // English.
  { pattern: /^\s*(switch|turn)\s+(the\s+integration\s+|it\s+)?(on|off)\b/i, shape: 'a button that switches (“Switch on”)' },
  { pattern: /^\s*(activate|deactivate|enable|disable)\b/i, shape: 'a button that switches (“Activate”)' },
  {
    pattern: /\b(switches|turns)\s+(the\s+integration|\+fidelidade|the\s+program|the\s+e-mails)\s+(on|off)\b/i,
    shape: 'the app switching it (“Turns the integration on”)',
  },
  {
    pattern: /\b(activates|deactivates|enables|disables)\s+(the\s+integration|\+fidelidade|the\s+program|the\s+e-mails)/i,
    shape: 'the app switching it (“Activates the integration”)',
  },
  { pattern: /\byes,?\s+(switch|turn|activate|deactivate|enable|disable)\b/i, shape: 'an answer that switches (“Yes, switch on”)' },
  { pattern: /:\s*(switch|turn)\s+(it\s+)?(on|off)\s*$/i, shape: 'an answer that switches (“…: switch on”)' },
  {
    pattern: /\bintegration\s+(switched|turned)\s+(on|off)\b|\bintegration\s+(activated|deactivated|enabled|disabled)\b/i,
    shape: 'a state the app caused (“Integration switched on”)',
  },
  { pattern: /\btook\s+over\b/i, shape: 'a hand-over the app performed (“+fidelidade took over”)' },
];

/** The shape of claim `text` makes, or null when it makes none. */
function claim(text: string): string | null {
  if (IN_THE_PANEL.test(text)) return null;
  return CLAIMS.find(({ pattern }) => pattern.test(text))?.shape ?? null;
}

function offenders(catalogue: Record<string, string>): string[] {
  return Object.entries(catalogue)
    .map(([key, text]) => [key, text, claim(text)] as const)
    .filter(([, , shape]) => shape !== null)
    .map(([key, text, shape]) => `${key}: “${text}” — ${shape}`);
}

describe('no message says that the app switches +fidelidade on or off', () => {
  it('recognises every claim the old step 10 and dashboard made', () => {
    // The texts issue #15 found, as they were shipped.
    const shipped = [
      'Ativar integração',
      'Liga a integração no +fidelidade: os clientes começam a receber e-mails.',
      'Sim, ativar e começar os e-mails',
      'Não tenho ERP integrado: ligar',
      'Integração ativada',
      'O +fidelidade assumiu em {when}. A prévia local parou.',
      'Desativar e voltar à prévia',
      'Switch the integration on',
      'Turns the integration on in +fidelidade: customers start receiving e-mails.',
      'Yes, switch on and start the e-mails',
      'No integrated ERP: switch on',
      'Integration switched on',
      '+fidelidade took over on {when}. The local preview stopped.',
      'Switch off and return to the preview',
    ];
    expect(shipped.filter((text) => claim(text) === null)).toEqual([]);
  });

  it('lets through what the owner does in the panel, and the app saying what it does not do', () => {
    const truthful = [
      'Liguei a integração no painel',
      'I switched the integration on in the panel',
      'Por último, ligue “Ativar integração”',
      'Ligue sua loja Simplo7 ao programa +fidelidade, passo a passo.',
      'Sim, liguei no painel',
      'Yes, I switched it on in the panel',
      'Se a integração fosse ativada agora',
    ];
    expect(truthful.map((text) => [text, claim(text)]).filter(([, shape]) => shape !== null)).toEqual([]);
  });

  it.each([
    ['pt-BR messages', ptBR as Record<string, string>],
    ['en messages', en as Record<string, string>],
    ['pt-BR message catalogue', ptErrors as Record<string, string>],
    ['en message catalogue', enErrors as Record<string, string>],
  ])('%s make no such claim', (_, catalogue) => {
    expect(offenders(catalogue)).toEqual([]);
  });
});
