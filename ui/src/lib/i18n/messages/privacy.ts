// Messages about the customers' personal data the preview keeps on this computer (the
// dashboard's card and the offer after go-live): pt-BR first (the default), then en.

export const pt = {
  'privacy.title': 'Dados dos clientes neste computador',
  'privacy.customers': '{count} cliente|{count} clientes',
  'privacy.orders': '{count} pedido|{count} pedidos',
  'privacy.held':
    'A simulação guarda só neste computador os dados de {customers} (nome, CPF/CNPJ, e-mail e telefone, quando o pedido os traz), lidos de {orders} da loja. Eles ficam no arquivo de dados do aplicativo, na pasta de dados dele.',
  'privacy.golive':
    'A conferência das primeiras vendas depois de ligar a integração (“As primeiras 72 horas”, na página Saúde da integração) guarda o nome do cliente, o número e o status de {orders}. Eles são apagados junto com os dados da simulação.',
  'privacy.entryCount': '{count} movimento de pontos|{count} movimentos de pontos',
  'privacy.entries':
    'A simulação guarda ainda {movements} com o CPF/CNPJ ou o e-mail do cliente, de pedidos que saíram da simulação (a data de início mudou).',
  'privacy.copies':
    'O aplicativo deixou também cópias antigas destes dados neste computador. Apagar os dados apaga também estas cópias:',
  'privacy.copy.setAside': 'Arquivo de dados guardado ao começar do zero',
  'privacy.copy.earlierBuild': 'Pasta de uma versão anterior do aplicativo',
  'privacy.copy.held': '{where}: dados de {customers}, de {orders} ({size}).',
  'privacy.copy.unreadable': '{where}: não pode ser lido, mas pode conter dados de clientes ({size}).',
  'privacy.copyCount': '{count} cópia antiga|{count} cópias antigas',
  'privacy.confirm.copies': 'Também são apagadas {copies} destes dados, listadas no cartão.',
  'privacy.none': 'A simulação não guarda agora nenhum dado de cliente neste computador.',
  'privacy.openFolder': 'Abrir pasta',
  'privacy.howLong.preview':
    'Eles ficam aqui enquanto você usar a simulação. Depois que você registrar que ligou a integração no painel do +fidelidade, o aplicativo oferece-se para apagá-los e os apaga sozinho {days} dias depois, a menos que você escolha mantê-los.',
  'privacy.howLong.handedOver':
    'Você ligou a integração no painel: a simulação não precisa mais deles. O aplicativo os apaga sozinho em {date} (ou na primeira vez que for aberto depois disso), a menos que você escolha mantê-los.',
  'privacy.howLong.kept':
    'Você escolheu manter estes dados depois da ativação. Apague-os quando não precisar mais deles.',
  'privacy.offer':
    'O +fidelidade agora cuida do programa. Os dados dos clientes que a simulação leu continuam neste computador, e ela não precisa mais deles.',
  'privacy.erased.owner': 'Dados da simulação apagados por você em {when}.',
  'privacy.erased.automatic':
    'Dados da simulação apagados pelo aplicativo em {when}, {days} dias depois do registro da ativação.',
  'privacy.paused':
    'A leitura automática dos pedidos está pausada desde que os dados foram apagados: ela volta quando você clicar em Ler pedidos da loja agora.',
  'privacy.diagnostics': 'O diagnóstico exportado (página Sobre) nunca inclui esses dados.',
  'privacy.erase': 'Apagar dados da simulação',
  'privacy.eraseNow': 'Apagar agora',
  'privacy.erasing': 'Apagando…',
  'privacy.keep': 'Manter os dados',
  'privacy.unkeep': 'Deixar o aplicativo apagá-los sozinho',
  'privacy.confirm.title': 'Apagar os dados da simulação?',
  'privacy.confirm.body':
    'Os pedidos, os clientes e os pontos calculados pela simulação saem deste computador: o arquivo de dados é reescrito sem eles. As configurações e o catálogo de produtos ficam. Nada muda na sua loja nem no +fidelidade.',
  'privacy.confirm.paused': 'A leitura automática dos pedidos fica pausada até você clicar em Ler pedidos da loja agora.',
  'privacy.confirm.yes': 'Apagar',
  'privacy.confirm.no': 'Cancelar',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'privacy.title': 'Customer data on this computer',
  'privacy.customers': '{count} customer|{count} customers',
  'privacy.orders': '{count} order|{count} orders',
  'privacy.held':
    'The simulation keeps, on this computer only, the data of {customers} (name, CPF/CNPJ, e-mail and phone, when the order has them), read from {orders} of the store. They are in the app’s data file, in its data folder.',
  'privacy.golive':
    'The check of the first sales after switching the integration on (“The first 72 hours”, on the Integration health page) keeps the customer’s name, the number and the status of {orders}. They are erased together with the simulation’s data.',
  'privacy.entryCount': '{count} points movement|{count} points movements',
  'privacy.entries':
    'The simulation still keeps {movements} with the customer’s CPF/CNPJ or e-mail, from orders that left the simulation (the start date changed).',
  'privacy.copies':
    'The app also left older copies of this data on this computer. Erasing the data erases these copies too:',
  'privacy.copy.setAside': 'Data file kept when starting over',
  'privacy.copy.earlierBuild': 'Folder of an earlier version of the app',
  'privacy.copy.held': '{where}: data of {customers}, from {orders} ({size}).',
  'privacy.copy.unreadable': '{where}: cannot be read, but may hold customer data ({size}).',
  'privacy.copyCount': '{count} older copy|{count} older copies',
  'privacy.confirm.copies': 'Erasing also deletes {copies} of this data, listed on the card.',
  'privacy.none': 'The simulation keeps no customer data on this computer now.',
  'privacy.openFolder': 'Open folder',
  'privacy.howLong.preview':
    'They stay here while you use the simulation. Once you record that you switched the integration on in the +fidelidade panel, the app offers to erase them and erases them itself {days} days later, unless you choose to keep them.',
  'privacy.howLong.handedOver':
    'You switched the integration on in the panel: the simulation no longer needs them. The app erases them itself on {date} (or the first time it is opened after that), unless you choose to keep them.',
  'privacy.howLong.kept':
    'You chose to keep this data after go-live. Erase it when you no longer need it.',
  'privacy.offer':
    '+fidelidade now runs the program. The customer data the simulation read is still on this computer, and the simulation no longer needs it.',
  'privacy.erased.owner': 'Simulation data erased by you on {when}.',
  'privacy.erased.automatic':
    'Simulation data erased by the app on {when}, {days} days after go-live was recorded.',
  'privacy.paused':
    'Automatic reading of the orders is paused since the data was erased: it resumes when you click Read the store’s orders now.',
  'privacy.diagnostics': 'The exported diagnostic (About page) never includes this data.',
  'privacy.erase': 'Erase the simulation data',
  'privacy.eraseNow': 'Erase now',
  'privacy.erasing': 'Erasing…',
  'privacy.keep': 'Keep the data',
  'privacy.unkeep': 'Let the app erase it itself',
  'privacy.confirm.title': 'Erase the simulation data?',
  'privacy.confirm.body':
    'The orders, customers and points the simulation computed leave this computer: the data file is rewritten without them. Settings and the product catalogue stay. Nothing changes in your store or in +fidelidade.',
  'privacy.confirm.paused': 'Automatic reading of the orders stays paused until you click Read the store’s orders now.',
  'privacy.confirm.yes': 'Erase',
  'privacy.confirm.no': 'Cancel',
};
