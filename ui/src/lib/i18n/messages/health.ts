// Messages of the "Saúde da integração" page and the "first 72 hours" card: pt-BR first (the
// default), then en with the same keys. The checks' own words (what they found, what to do,
// their names and verdicts) come from the message catalogue by code.

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
  'health.notRun': 'Ainda não verificado.',
  'health.ranAt': 'Conferido em {date}',
  'health.triedAt': 'Tentado em {date}',
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
    'Depois que você registrou que ligou a integração ({date}), o aplicativo acompanha, só lendo, os primeiros {limit} pedidos feitos na loja. Segundo o artigo do +fidelidade, cada venda é cadastrada no programa em até 72 horas após o cadastro no e-commerce: confira no painel do +fidelidade se ela apareceu com os pontos esperados.',
  'first.rule':
    'Pontos esperados pela regra da simulação, a sua: {rule} (passo 6). A regra que vale é a do painel do +fidelidade.',
  'first.ruleText': '1 ponto por R$ 1 gasto|{count} pontos por R$ 1 gasto',
  'first.readAt': 'Pedidos lidos da loja em {date}.',
  'first.readFailed': 'Não foi possível ler os pedidos da loja em {date}: {error} A lista mostra o que foi lido antes.',
  'first.notRead': 'Os pedidos são lidos da loja a cada verificação.',
  'first.none':
    'Nenhuma venda desde que a integração foi ligada. Os pedidos aparecem aqui quando a loja os registrar.',
  'first.erased':
    'Os dados dos clientes foram apagados depois de ligar a integração: o acompanhamento dos primeiros pedidos terminou.',
  'first.customer': 'Cliente',
  'first.order': 'Pedido',
  'first.placed': 'Data',
  'first.status': 'Status atual',
  'first.panel': 'No painel do +fidelidade',
  'first.check': 'Conferência',
  'first.awaiting': 'Aguardando status final: ainda não há pontos a conferir.',
  'first.noCustomer': 'Sem CPF nem e-mail válido: a regra da simulação não daria pontos a ninguém.',
  'first.undone':
    'Cancelado ou devolvido: não chega a um status final, então não ganha pontos e não deve aparecer no painel.',
  'first.points': '1 ponto pela sua regra|{count} pontos pela sua regra',
  'first.due': '— deve aparecer no painel até {date}',
  'first.dueSeenFinal':
    '— deve aparecer no painel até {date} (72 horas a partir de quando o aplicativo viu o pedido em status final: a loja não informou a hora do pedido)',
  'first.after': 'Confira depois de {date}.',
  'first.matched': 'Bateu',
  'first.mismatched': 'Não bateu',
  'first.support.title': 'Mensagem para o suporte do +fidelidade',
  'first.support.intro':
    'Copie a mensagem e envie ao suporte do +fidelidade junto com o arquivo de diagnóstico (sem dados de clientes nem o token).',
  'first.support.zip': 'Diagnóstico salvo em: {path}',
  'first.support.preparing': 'Preparando a mensagem…',
  'first.support.again': 'Preparar a mensagem de novo',
  'first.support.greeting': 'Olá, suporte do +fidelidade.',
  'first.support.body':
    'Depois de ligar a integração da loja Simplo7 (DLoja Virtual), estes pedidos não apareceram no painel como esperado, 72 horas após o cadastro no e-commerce:',
  'first.support.store': 'ID da loja: {id}',
  'first.support.order': '- Pedido {number}, de {placed}, status “{status}”: {points} pontos esperados pela minha regra, até {due}',
  'first.support.finals': 'Status finais escolhidos: {statuses}',
  'first.support.rule': 'Regra de pontos usada na conferência: {rule}',
  'first.support.version': 'Conector +fidelidade, versão {version}',
  'first.support.attached': 'Segue em anexo o diagnóstico do aplicativo.',
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
  'health.notRun': 'Not checked yet.',
  'health.ranAt': 'Checked on {date}',
  'health.triedAt': 'Tried on {date}',
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
    'Since you recorded switching the integration on ({date}), the app follows, read-only, the first {limit} orders placed in the store. According to the +fidelidade article, each sale is registered in the program within 72 hours of being registered in the online store: check in the +fidelidade panel that it showed up with the expected points.',
  'first.rule':
    'Points expected by the simulation’s rule, your own: {rule} (step 6). The rule that counts is the one in the +fidelidade panel.',
  'first.ruleText': '1 point per R$ 1 spent|{count} points per R$ 1 spent',
  'first.readAt': 'Orders read from the store on {date}.',
  'first.readFailed': 'The store’s orders could not be read on {date}: {error} The list shows what was read before.',
  'first.notRead': 'The orders are read from the store at every check.',
  'first.none': 'No sale since the integration was switched on. Orders show here once the store registers them.',
  'first.erased':
    'The customers’ data was erased after the integration was switched on: following the first orders has ended.',
  'first.customer': 'Customer',
  'first.order': 'Order',
  'first.placed': 'Date',
  'first.status': 'Current status',
  'first.panel': 'In the +fidelidade panel',
  'first.check': 'Check',
  'first.awaiting': 'Awaiting a final status: no points to check yet.',
  'first.noCustomer': 'No valid CPF or e-mail: the simulation’s rule would give no one points.',
  'first.undone': 'Cancelled or returned: it never reaches a final status, so it earns no points and should not show up in the panel.',
  'first.points': '1 point by your rule|{count} points by your rule',
  'first.due': '— should show in the panel by {date}',
  'first.dueSeenFinal':
    '— should show in the panel by {date} (72 hours from when the app saw the order in a final status: the store gave no time for the order)',
  'first.after': 'Check after {date}.',
  'first.matched': 'Matched',
  'first.mismatched': 'Did not match',
  'first.support.title': 'Message for +fidelidade support',
  'first.support.intro':
    'Copy the message and send it to +fidelidade support with the diagnostics file (no customer data, no token).',
  'first.support.zip': 'Diagnostics saved in: {path}',
  'first.support.preparing': 'Preparing the message…',
  'first.support.again': 'Prepare the message again',
  'first.support.greeting': 'Hello, +fidelidade support.',
  'first.support.body':
    'After switching on the integration of the Simplo7 (DLoja Virtual) store, these orders did not show in the panel as expected, 72 hours after being registered in the online store:',
  'first.support.store': 'Store ID: {id}',
  'first.support.order': '- Order {number}, placed {placed}, status “{status}”: {points} points expected by my rule, by {due}',
  'first.support.finals': 'Final statuses chosen: {statuses}',
  'first.support.rule': 'Points rule used for the check: {rule}',
  'first.support.version': 'Conector +fidelidade, version {version}',
  'first.support.attached': 'The app’s diagnostics file is attached.',
};
