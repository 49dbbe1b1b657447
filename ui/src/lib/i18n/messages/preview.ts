// Messages of the preview's estimates: the preview rates, the cost card and how many e-mails
// customers would receive. pt-BR first (the default), then en with the same keys.

export const pt = {
  'rates.earn': 'Pontos que o cliente ganha a cada R$ 1 gasto',
  'rates.cost': 'Pontos que valem R$ 1 em prêmios',
  'rates.save': 'Usar estas taxas',
  'rates.saving': 'Recalculando…',
  'rates.saved': 'Taxas salvas. Os prêmios, a prévia e os e-mails já usam as novas taxas.',
  'rates.title': 'Taxas da prévia',
  'rates.note':
    'Só para a prévia: as mesmas taxas valem nos prêmios, na prévia da sincronização e nos e-mails, e mudar aqui muda em todos. A regra de verdade é a que você configurar no painel do +fidelidade.',

  'cost.title': 'Quanto os pontos custariam à loja (estimativa)',
  'cost.points': 'pontos que a prévia daria aos clientes',
  'cost.worth': 'é o que esses pontos valem em prêmios, se todos forem trocados',
  'cost.cashback': 'das compras volta ao cliente em prêmios (cashback efetivo)',
  'cost.cashbackNone': 'sem pedidos que dão pontos, não dá para calcular',
  'cost.monthly': 'por mês, no ritmo dos pedidos lidos ({points})',
  'cost.monthlyPoints': '{count} ponto|{count} pontos',
  'cost.basis':
    'Estimativa a partir de {orders} que dão pontos, somando {sales} em compras, nos {days} dias desde {date}. O custo real depende das regras e dos prêmios que você configurar no painel do +fidelidade e de quantos clientes trocarem os pontos.',
  'cost.orders': '{count} pedido|{count} pedidos',

  'volume.title': 'Quantos e-mails os clientes receberiam (estimativa)',
  'volume.welcome':
    'No primeiro dia depois de ligar a integração no painel: {count} e-mail de boas-vindas, para o cliente com e-mail dos pedidos desde {date}.|No primeiro dia depois de ligar a integração no painel: cerca de {count} e-mails de boas-vindas, um para cada cliente com e-mail dos pedidos desde {date}.',
  'volume.points':
    'Numa semana típica: cerca de {count} e-mail de pontos ganhos (média dos {days} dias lidos).|Numa semana típica: cerca de {count} e-mails de pontos ganhos (média dos {days} dias lidos).',
  'volume.pointsUnderOne':
    'Numa semana típica: menos de 1 e-mail de pontos ganhos ({total} nos {days} dias lidos).',
  'volume.illustration':
    'Os e-mails abaixo são uma ilustração feita por este aplicativo com os dados da prévia, não os modelos do +fidelidade: o texto e a aparência reais são os que o +fidelidade enviar.',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'rates.earn': 'Points a customer earns per R$ 1 spent',
  'rates.cost': 'Points worth R$ 1 in rewards',
  'rates.save': 'Use these rates',
  'rates.saving': 'Recalculating…',
  'rates.saved': 'Rates saved. The rewards, the preview and the e-mails already use the new rates.',
  'rates.title': 'Preview rates',
  'rates.note':
    'For the preview only: the same rates apply to the rewards, the sync preview and the e-mails, and changing them here changes them everywhere. The real rule is the one you set in the +fidelidade panel.',

  'cost.title': 'What the points would cost the store (estimate)',
  'cost.points': 'points the preview would give customers',
  'cost.worth': 'is what those points are worth in rewards, if all are redeemed',
  'cost.cashback': 'of purchases goes back to customers as rewards (effective cashback)',
  'cost.cashbackNone': 'no orders earn points, so it cannot be worked out',
  'cost.monthly': 'a month, at the pace of the orders read ({points})',
  'cost.monthlyPoints': '{count} point|{count} points',
  'cost.basis':
    'Estimated from {orders} that earn points, {sales} of purchases in all, over the {days} days since {date}. The real cost depends on the rules and rewards you set in the +fidelidade panel and on how many customers redeem their points.',
  'cost.orders': '{count} order|{count} orders',

  'volume.title': 'How many e-mails customers would receive (estimate)',
  'volume.welcome':
    'On the first day after switching the integration on in the panel: {count} welcome e-mail, to the customer with an e-mail from the orders since {date}.|On the first day after switching the integration on in the panel: about {count} welcome e-mails, one for each customer with an e-mail from the orders since {date}.',
  'volume.points':
    'In a typical week: about {count} points-earned e-mail (average of the {days} days read).|In a typical week: about {count} points-earned e-mails (average of the {days} days read).',
  'volume.pointsUnderOne':
    'In a typical week: less than 1 points-earned e-mail ({total} in the {days} days read).',
  'volume.illustration':
    'The e-mails below are an illustration made by this app from the preview’s data, not +fidelidade’s templates: the real wording and look are whatever +fidelidade sends.',
};
