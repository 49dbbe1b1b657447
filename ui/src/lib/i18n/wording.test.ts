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

// Issue #21: the preview is a simulation and says so, reading the store does not sound like
// sending, and the words follow the vendor's article. Every word below was replaced; none may
// come back, in either language, in the messages or in the message catalogue.

/** Replaced words and what replaced them, in Portuguese. */
const REPLACED_PT: { pattern: RegExp; instead: string }[] = [
  { pattern: /sincroniz/i, instead: 'ler os pedidos da loja (“Ler pedidos da loja agora”, “Ler pedidos novos a cada”)' },
  { pattern: /\bpr[ée]via\b/i, instead: 'simulação' },
  { pattern: /\btaxas?\b/i, instead: 'regra de pontos da simulação' },
  { pattern: /\blançamentos?\b/i, instead: 'movimentos de pontos' },
  { pattern: /vigil[âa]ncia/i, instead: 'monitoramento' },
  { pattern: /recompensa/i, instead: 'prêmios' },
  { pattern: /\baplicativo para a (prévia|simulação)\b/i, instead: '“interrompe” (não o verbo “parar” lido como preposição)' },
  { pattern: /\boferece apag/i, instead: '“oferece-se para apagá-los”' },
  { pattern: /\bvolta no passo\b/i, instead: '“volta ao passo”' },
  { pattern: /\btr[êe]s\b/i, instead: '“mais de um” (o artigo não dá outro número)' },
  { pattern: /\bprimeiro dia\b/i, instead: 'o ritmo por semana' },
  { pattern: /\bseriam cadastrados\b/i, instead: '“teriam sido cadastrados”' },
  { pattern: /\bse a integração fosse ligada\b/i, instead: '“se o programa existisse desde então”' },
  { pattern: /\bem dobro\b/i, instead: 'nenhum motivo que o artigo não dá' },
  { pattern: /\bcopiar tudo\b/i, instead: '“Copiar resumo para o suporte”' },
  { pattern: /\bJet\b|Bis2Bis/, instead: 'nada: a exceção é de outras plataformas' },
];

/** The same, in English. */
const REPLACED_EN: { pattern: RegExp; instead: string }[] = [
  { pattern: /\bsync/i, instead: 'reading the store’s orders' },
  { pattern: /\bpreview\b/i, instead: 'simulation' },
  { pattern: /\brates?\b/i, instead: 'the simulation’s points rule' },
  { pattern: /\bentries\b/i, instead: 'points movements' },
  { pattern: /\bwatch\b/i, instead: 'monitoring' },
  { pattern: /\bthree\b/i, instead: '“more than one”' },
  { pattern: /\bfirst day\b/i, instead: 'the pace per week' },
  { pattern: /\bwould be registered\b/i, instead: '“would have been registered”' },
  { pattern: /\bif the integration were switched on\b/i, instead: '“had the program existed since then”' },
  { pattern: /\bdouble points\b/i, instead: 'no reason the article does not give' },
  { pattern: /\bcopy all\b/i, instead: '“Copy a summary for support”' },
  { pattern: /\bJet\b|Bis2Bis/, instead: 'nothing: the exception is other platforms’' },
];

function stale(catalogue: Record<string, string>, replaced: { pattern: RegExp; instead: string }[]): string[] {
  return Object.entries(catalogue).flatMap(([key, text]) =>
    replaced
      .filter(({ pattern }) => pattern.test(text))
      .map(({ pattern, instead }) => `${key}: “${text}” matches ${pattern} — say ${instead}`),
  );
}

describe('the simulation is called one and the words follow the article (issue #21)', () => {
  it('recognises every word the issue found, as it was shipped', () => {
    const shippedPt = [
      'Prévia da sincronização',
      'Sincronizar agora',
      'Sincronizar a cada (minutos)',
      'Taxas da prévia',
      'Lançamentos de pontos novos',
      'Vigilância ligada desde {date}.',
      'Recompensas',
      'marque aqui e o aplicativo para a prévia local.',
      'o aplicativo oferece apagá-los',
      'o aplicativo volta no passo em que você parou.',
      'O +fidelidade recomenda pelo menos 3 status finais (o +fidelidade recomenda três ou mais).',
      'No primeiro dia depois de ligar a integração no painel: cerca de 132 e-mails de boas-vindas',
      'Clientes que seriam cadastrados',
      'Se a integração fosse ligada no painel agora',
      'com um ERP integrado, os clientes ganhariam pontos em dobro.',
      'Copiar tudo',
      'exceto nas lojas Jet e Bis2Bis',
    ];
    const shippedEn = [
      'Sync preview',
      'Sync now',
      'Preview rates',
      'New points entries',
      'Watch on since {date}.',
      '+fidelidade recommends three or more',
      'On the first day after switching the integration on in the panel',
      'Customers who would be registered',
      'If the integration were switched on in the panel now',
      'customers would earn double points.',
      'Copy all',
      'except for Jet and Bis2Bis stores',
    ];
    const missed = (texts: string[], replaced: { pattern: RegExp }[]) =>
      texts.filter((text) => !replaced.some(({ pattern }) => pattern.test(text)));
    expect(missed(shippedPt, REPLACED_PT)).toEqual([]);
    expect(missed(shippedEn, REPLACED_EN)).toEqual([]);
  });

  it.each([
    ['pt-BR messages', ptBR as Record<string, string>, REPLACED_PT],
    ['pt-BR message catalogue', ptErrors as Record<string, string>, REPLACED_PT],
    ['en messages', en as Record<string, string>, REPLACED_EN],
    ['en message catalogue', enErrors as Record<string, string>, REPLACED_EN],
  ])('%s use none of the replaced words', (_, catalogue, replaced) => {
    expect(stale(catalogue, replaced)).toEqual([]);
  });

  it('says the article’s own sentences', () => {
    expect(ptBR['activation.sales.title']).toBe(
      'Ligue “Cadastrar vendas”, a menos que um ERP integrado ao +fidelidade já envie as vendas',
    );
    expect(ptBR['dash.totals.title']).toBe('Simulação com os pedidos desde {date} — se o programa existisse desde então');
    expect(ptBR['sim.since']).toBe(ptBR['dash.totals.title']);
    expect(ptBR['activation.autostart']).toBe('Monitorar e avisar: iniciar com o computador');
    expect(ptErrors['form.before_delivery_status']).toMatch(/^Pedidos em “\{status\}” ganham pontos antes de chegar ao cliente\./);
  });
});
