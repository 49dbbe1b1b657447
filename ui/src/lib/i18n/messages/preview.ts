// Messages of the simulation's estimates: the points rule of the simulation, the cost card and
// how many e-mails customers would receive. pt-BR first (the default), then en with the same keys.

export const pt = {
  'rates.earn': 'Pontos que o cliente ganha a cada R$ 1 gasto',
  'rates.cost': 'Pontos que valem R$ 1 em prêmios',
  'rates.save': 'Usar esta regra',
  'rates.saving': 'Recalculando…',
  'rates.saved': 'Regra salva. Os prêmios, a simulação e os e-mails já usam os novos valores.',
  'rates.title': 'Regra de pontos da simulação',
  'rates.note':
    'Só para a simulação: a mesma regra vale nos prêmios, na simulação com os pedidos e nos e-mails, e mudar aqui muda em todos. A regra de verdade é a que você configurar no painel do +fidelidade.',

  'sim.since': 'Simulação com os pedidos desde {date} — se o programa existisse desde então',

  'cost.title': 'Quanto os pontos teriam custado à loja (estimativa)',
  'cost.points': 'pontos que os clientes teriam ganho',
  'cost.worth': 'é o que esses pontos valem em prêmios, se todos forem trocados',
  'cost.cashback': 'das compras volta ao cliente em prêmios (cashback efetivo)',
  'cost.cashbackNone': 'sem pedidos que dão pontos, não dá para calcular',
  'cost.monthly': 'por mês, no ritmo dos pedidos da simulação ({points})',
  'cost.monthlyPoints': '{count} ponto|{count} pontos',
  'cost.basis':
    'Estimativa a partir de {orders} que dariam pontos, somando {sales} em compras, em {days} dias. O custo real depende das regras e dos prêmios que você configurar no painel do +fidelidade e de quantos clientes trocarem os pontos.',
  'cost.orders': '{count} pedido|{count} pedidos',

  'volume.title': 'Quantos e-mails os clientes receberiam por semana (estimativa)',
  'volume.pace':
    'No ritmo atual da loja: a média por semana dos {days} dias desde {date}, não um total de uma vez.',
  'volume.welcome':
    'Boas-vindas: cerca de {count} e-mail por semana ({total} nesses dias, um para cada cliente novo com e-mail).|Boas-vindas: cerca de {count} e-mails por semana ({total} nesses dias, um para cada cliente novo com e-mail).',
  'volume.welcomeUnderOne': 'Boas-vindas: menos de 1 e-mail por semana ({total} nesses dias).',
  'volume.points':
    'Pontos ganhos: cerca de {count} e-mail por semana ({total} nesses dias, um para cada pedido que daria pontos).|Pontos ganhos: cerca de {count} e-mails por semana ({total} nesses dias, um para cada pedido que daria pontos).',
  'volume.pointsUnderOne': 'Pontos ganhos: menos de 1 e-mail por semana ({total} nesses dias).',
  'volume.illustration':
    'Os e-mails abaixo são uma ilustração feita por este aplicativo com os dados da simulação, não os modelos do +fidelidade: o texto e a aparência reais são os que o +fidelidade enviar.',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'rates.earn': 'Points a customer earns per R$ 1 spent',
  'rates.cost': 'Points worth R$ 1 in rewards',
  'rates.save': 'Use this rule',
  'rates.saving': 'Recalculating…',
  'rates.saved': 'Rule saved. The rewards, the simulation and the e-mails already use the new values.',
  'rates.title': 'The simulation’s points rule',
  'rates.note':
    'For the simulation only: the same rule applies to the rewards, the simulation with the orders and the e-mails, and changing it here changes it everywhere. The real rule is the one you set in the +fidelidade panel.',

  'sim.since': 'Simulation with the orders since {date} — had the program existed since then',

  'cost.title': 'What the points would have cost the store (estimate)',
  'cost.points': 'points customers would have earned',
  'cost.worth': 'is what those points are worth in rewards, if all are redeemed',
  'cost.cashback': 'of purchases goes back to customers as rewards (effective cashback)',
  'cost.cashbackNone': 'no orders earn points, so it cannot be worked out',
  'cost.monthly': 'a month, at the pace of the simulation’s orders ({points})',
  'cost.monthlyPoints': '{count} point|{count} points',
  'cost.basis':
    'Estimated from {orders} that would earn points, {sales} of purchases in all, over {days} days. The real cost depends on the rules and rewards you set in the +fidelidade panel and on how many customers redeem their points.',
  'cost.orders': '{count} order|{count} orders',

  'volume.title': 'How many e-mails customers would receive a week (estimate)',
  'volume.pace':
    'At the store’s current pace: the weekly average of the {days} days since {date}, not a total sent at once.',
  'volume.welcome':
    'Welcome: about {count} e-mail a week ({total} in those days, one for each new customer with an e-mail).|Welcome: about {count} e-mails a week ({total} in those days, one for each new customer with an e-mail).',
  'volume.welcomeUnderOne': 'Welcome: less than 1 e-mail a week ({total} in those days).',
  'volume.points':
    'Points earned: about {count} e-mail a week ({total} in those days, one for each order that would earn points).|Points earned: about {count} e-mails a week ({total} in those days, one for each order that would earn points).',
  'volume.pointsUnderOne': 'Points earned: less than 1 e-mail a week ({total} in those days).',
  'volume.illustration':
    'The e-mails below are an illustration made by this app from the simulation’s data, not +fidelidade’s templates: the real wording and look are whatever +fidelidade sends.',
};
