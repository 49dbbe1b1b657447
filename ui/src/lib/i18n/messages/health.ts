// Messages of the "Saúde da integração" page and the "first 72 hours" card: pt-BR first (the
// default), then en with the same keys. The checks' own words (what they found, what to do,
// their names) come from the message catalogue by code.

export const pt = {
  'nav.health': 'Saúde da integração',
  'health.title': 'Saúde da integração',
  'health.intro':
    'Depois que a integração está ligada no painel do +fidelidade, o aplicativo confere de hora em hora, só lendo, se a loja ainda aceita o token, se o XML de produtos e os prêmios continuam lá e se os links abrem. Quando algo quebra, ele avisa no computador — enquanto o computador está ligado e o aplicativo aberto ou na bandeja do sistema.',
  'health.watching': 'Monitoramento ligado desde {date}.',
  'health.next': 'Próxima verificação: {date}.',
  'health.notWatching':
    'O monitoramento começa quando você registrar, no passo 10, que ligou a integração no painel do +fidelidade. Até lá você pode verificar quando quiser; os avisos no computador só saem depois disso.',
  'health.lastRun': 'Última verificação: {date}.',
  'health.never': 'Nenhuma verificação ainda.',
  'health.checkNow': 'Verificar agora',
  'health.checking': 'Verificando…',
  'health.state.ok': 'OK',
  'health.state.warning': 'Atenção',
  'health.state.problem': 'Problema',
  'health.state.skipped': 'Não conferido',
  'health.notRun': 'Ainda não verificado.',
  'health.ranAt': 'Conferido em {date}',
  'health.triedAt': 'Tentado em {date}',
  'health.todo': 'O que fazer:',
  'health.acceptCount': 'A nova quantidade está certa',
  'health.accepted': 'Anotado: a próxima verificação compara com {count} produtos.',
  'health.autostart': 'Monitorar e avisar: iniciar com o computador',
  'health.autostartHelp':
    'Com esta opção, o aplicativo abre sozinho na bandeja do sistema quando você entra no computador, e o monitoramento continua enquanto o computador estiver ligado. Fechar a janela com o monitoramento ligado deixa o aplicativo na bandeja (ícone: abrir, verificar agora, sair).',
  'health.history.title': 'Últimos 30 dias',
  'health.history.empty': 'O histórico aparece depois da primeira verificação.',
  'health.history.cell': '{day} — {state}: {runs} verificações, {bad} com aviso',
  'first.title': 'As primeiras 72 horas',
  'first.intro':
    'O +fidelidade leva até 72 horas para mostrar vendas e clientes depois que a integração é ligada. Procure estes clientes no painel do +fidelidade a partir de {date} e compare os pontos com os da simulação (uma estimativa: a regra que vale é a do painel).',
  'first.ready': 'As 72 horas já passaram: já dá para conferir.',
  'first.waiting': 'Ainda dentro das 72 horas: confira depois de {date}.',
  'first.none':
    'A simulação não deu pontos a nenhum cliente, então não há quem conferir. Na próxima vez, faça a simulação com os pedidos da loja antes de ligar a integração.',
  'first.customer': 'Cliente',
  'first.email': 'E-mail',
  'first.points': 'Pontos na simulação',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'nav.health': 'Integration health',
  'health.title': 'Integration health',
  'health.intro':
    'Once the integration is on in the +fidelidade panel, the app checks every hour, read-only, that the store still accepts the token, that the product XML and the rewards are still there and that the links open. When something breaks, it tells you on the desktop — while the computer is on and the app is open or in the system tray.',
  'health.watching': 'Monitoring on since {date}.',
  'health.next': 'Next check: {date}.',
  'health.notWatching':
    'Monitoring starts once you record, in step 10, that you switched the integration on in the +fidelidade panel. Until then you can check whenever you like; desktop notifications only start after that.',
  'health.lastRun': 'Last check: {date}.',
  'health.never': 'No check yet.',
  'health.checkNow': 'Check now',
  'health.checking': 'Checking…',
  'health.state.ok': 'OK',
  'health.state.warning': 'Warning',
  'health.state.problem': 'Problem',
  'health.state.skipped': 'Not checked',
  'health.notRun': 'Not checked yet.',
  'health.ranAt': 'Checked on {date}',
  'health.triedAt': 'Tried on {date}',
  'health.todo': 'What to do:',
  'health.acceptCount': 'The new count is right',
  'health.accepted': 'Noted: the next check compares with {count} products.',
  'health.autostart': 'Monitor and warn: start with the computer',
  'health.autostartHelp':
    'With this option the app opens by itself in the system tray when you log in, and monitoring goes on while the computer is on. Closing the window while monitoring is on keeps the app in the tray (icon: open, check now, quit).',
  'health.history.title': 'Last 30 days',
  'health.history.empty': 'The history shows after the first check.',
  'health.history.cell': '{day} — {state}: {runs} checks, {bad} with a warning',
  'first.title': 'The first 72 hours',
  'first.intro':
    '+fidelidade takes up to 72 hours to show sales and customers once the integration is on. Look these customers up in the +fidelidade panel from {date} and compare their points with the simulation’s (an estimate: the panel’s rule is the one that counts).',
  'first.ready': 'The 72 hours have passed: you can check now.',
  'first.waiting': 'Still within the 72 hours: check after {date}.',
  'first.none':
    'The simulation gave no customer any points, so there is no one to check. Next time, run the simulation with the store’s orders before switching the integration on.',
  'first.customer': 'Customer',
  'first.email': 'E-mail',
  'first.points': 'Simulation points',
};
