// Messages of one area of the app: pt-BR first (the default), then en with exactly the same keys.

export const pt = {
  'welcome.title': 'Bem-vindo ao Conector +fidelidade',
  'welcome.lead':
    'Em dez passos, este aplicativo liga a sua loja Simplo7 (DLoja Virtual ou Loja Hostgator) ao programa de fidelidade +fidelidade, conferindo cada dado na hora.',
  'welcome.need.title': 'O que você vai precisar',
  'welcome.need.store': 'Acesso ao painel administrativo da sua loja',
  'welcome.need.storeWhy':
    'para copiar o ID da loja, criar um usuário para o +fidelidade e copiar o endereço do XML de produtos.',
  'welcome.need.panel': 'Acesso ao painel do +fidelidade',
  'welcome.need.panelWhy':
    'para colar esses dados no formulário de integração e, no fim, ligar a integração.',
  'welcome.time':
    'Leva cerca de {minutes} minutos. Você pode parar quando quiser: o aplicativo volta ao passo em que você parou.',
  'welcome.safe':
    'Nada é enviado aos seus clientes enquanto você configura. Os e-mails só começam quando você ligar a integração no painel do +fidelidade, no último passo.',
  'welcome.start': 'Começar',
  'welcome.demo':
    'Sem esses acessos agora? Conheça o caminho com uma loja de exemplo que roda no seu próprio computador, com pedidos e produtos fictícios.',
  'app.name': 'Conector +fidelidade',
  'app.tagline': 'Ligue sua loja Simplo7 ao programa +fidelidade, passo a passo.',
  'lang.label': 'Idioma',
  'lang.pt-BR': 'Português',
  'lang.en': 'English',
  'wizard.rail.label': 'Passos da configuração',
  'wizard.stepOf': 'Passo {n} de {total}',
  'wizard.back': 'Voltar',
  'wizard.next': 'Avançar',
  'wizard.state.done': 'concluído',
  'wizard.state.current': 'passo atual',
  'wizard.state.pending': 'pendente',
  'wizard.state.blocked': 'bloqueado até concluir o passo atual',
  'offline.title': 'Sem internet.',
  'offline.body': 'O aplicativo continua com o que já tem (catálogo, simulação, formulário); testes de conexão, downloads e leituras dos pedidos voltam quando a internet voltar.',
  'wizard.state.problem': 'precisa de atenção',
  'wizard.loading': 'Carregando…',
  'wizard.comingSoon': 'Este passo ainda está em construção nesta versão do aplicativo.',
  'step.store_id.title': 'Copie o ID da loja',
  'step.store_id.short': 'ID da loja',
  'step.store_id.body':
    'Entre no painel administrativo da sua loja (DLoja Virtual ou Loja Hostgator) e copie o ID da loja. É um número, só com dígitos: o mesmo que aparece no endereço da loja na Simplo7 (em 123456.simplo7.net, o ID é 123456).',
  'step.api_access.title': 'Abra a API Pública',
  'step.api_access.short': 'API Pública',
  'step.api_access.body':
    'No painel da loja, vá em Aplicativos > Integrações > Sistemas externos > API Pública. Deixe a API Pública ativada (ligada) e clique em Configurar: sem ela ativada, a loja recusa o token.',
  'step.service_user.title': 'Crie o usuário de serviço',
  'step.service_user.short': 'Usuário',
  'step.service_user.body':
    'Em Usuário(s) do grupo de Serviços, clique em Adicionar, digite no campo nome exatamente “+Fidelidade” e salve.',
  'step.token.title': 'Copie e teste o token',
  'step.token.short': 'Token',
  'step.token.body':
    'Na linha do usuário “+Fidelidade”, clique em Ver detalhes (ícone do olho), copie o token e cole aqui para testarmos a conexão.',
  'step.find_feed.title': 'Encontre o XML de produtos',
  'step.find_feed.short': 'Achar o XML',
  'step.find_feed.body':
    'Para copiar o XML do Google Shopping, use a busca do painel da loja e procure por “XML”. Na lista que aparece está o XML Google Shopping: é o endereço dele que o próximo passo pede.',
  'step.find_feed.confirm': 'Achei o XML Google Shopping',
  'step.find_feed.none':
    'Não apareceu nenhum XML Google Shopping? Pergunte ao suporte da DLoja Virtual / Loja Hostgator como ativá-lo na sua loja: o +fidelidade só aceita o XML do Google Shopping, e o passo 6 precisa do endereço dele. Você pode parar aqui; o aplicativo volta a este passo quando você abrir de novo.',
  'step.feed_url.title': 'Cole o endereço do XML Google Shopping',
  'step.feed_url.short': 'XML de produtos',
  'step.feed_url.body':
    'Na linha do XML Google Shopping, clique na engrenagem e em Copiar. Cole o endereço aqui para conferirmos os produtos.',
  'step.panel_settings.title': 'Abra as configurações do +fidelidade',
  'step.panel_settings.short': 'Painel +fidelidade',
  'step.panel_settings.body': 'No painel do +fidelidade, abra Mais > Configurações.',
  'step.platform.title': 'Escolha a plataforma',
  'step.platform.short': 'Plataforma',
  'step.platform.body': 'Abra Integração e selecione Simplo7 (DLoja Virtual).',
  'step.integration_form.title': 'Preencha o formulário de integração',
  'step.integration_form.short': 'Formulário',
  'step.integration_form.body':
    'Confira os dados que trouxemos dos passos anteriores e copie cada um para o formulário do +fidelidade.',
  'step.activation.title': 'Ligue a integração no painel do +fidelidade',
  'step.activation.short': 'Ativação',
  'step.activation.body':
    'Os botões que ligam a integração ficam no painel do +fidelidade, e só você pode ligá-los. Esta página mostra a ordem e o que conferir antes; depois que você ligar no painel, marque aqui e o aplicativo interrompe a simulação local.',
  'wizard.done': 'Concluído',
  'common.copy': 'Copiar',
  'common.copied': 'Copiado!',
  'common.saving': 'Salvando…',
  'error.generic': 'Algo deu errado: {message}',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'welcome.title': 'Welcome to Conector +fidelidade',
  'welcome.lead':
    'In ten steps, this app connects your Simplo7 store (DLoja Virtual or Loja Hostgator) to the +fidelidade loyalty program, checking every value as you go.',
  'welcome.need.title': 'What you will need',
  'welcome.need.store': 'Access to your store’s admin panel',
  'welcome.need.storeWhy':
    'to copy the store ID, create a user for +fidelidade and copy the address of the product XML.',
  'welcome.need.panel': 'Access to the +fidelidade panel',
  'welcome.need.panelWhy':
    'to paste those values into the integration form and, at the end, switch the integration on.',
  'welcome.time':
    'It takes about {minutes} minutes. You can stop at any time: the app brings you back to the step where you stopped.',
  'welcome.safe':
    'Nothing is sent to your customers while you set up. The e-mails only start when you switch the integration on in the +fidelidade panel, at the last step.',
  'welcome.start': 'Start',
  'welcome.demo':
    'Don’t have that access right now? See the way through with a sample store that runs on your own computer, with made-up orders and products.',
  'app.name': 'Conector +fidelidade',
  'app.tagline': 'Connect your Simplo7 store to the +fidelidade program, step by step.',
  'lang.label': 'Language',
  'lang.pt-BR': 'Português',
  'lang.en': 'English',
  'wizard.rail.label': 'Setup steps',
  'wizard.stepOf': 'Step {n} of {total}',
  'wizard.back': 'Back',
  'wizard.next': 'Next',
  'wizard.state.done': 'done',
  'wizard.state.current': 'current step',
  'wizard.state.pending': 'pending',
  'wizard.state.blocked': 'blocked until the current step is done',
  'offline.title': 'No internet.',
  'offline.body': 'The app keeps working with what it has (catalogue, simulation, form); connection tests, downloads and order readings resume when the internet is back.',
  'wizard.state.problem': 'needs attention',
  'wizard.loading': 'Loading…',
  'wizard.comingSoon': 'This step is still being built in this version of the app.',
  'step.store_id.title': 'Copy the store ID',
  'step.store_id.short': 'Store ID',
  'step.store_id.body':
    'Sign in to your store admin panel (DLoja Virtual or Loja Hostgator) and copy the store ID. It is a number, digits only: the same one as in the store’s Simplo7 address (in 123456.simplo7.net, the ID is 123456).',
  'step.api_access.title': 'Open the Public API',
  'step.api_access.short': 'Public API',
  'step.api_access.body':
    'In the store panel, go to Aplicativos > Integrações > Sistemas externos > API Pública. Leave the Public API switched on and click Configurar: with it off, the store refuses the token.',
  'step.service_user.title': 'Create the service user',
  'step.service_user.short': 'User',
  'step.service_user.body':
    'Under Usuário(s) do grupo de Serviços, click Adicionar, type exactly “+Fidelidade” in the name field and save.',
  'step.token.title': 'Copy and test the token',
  'step.token.short': 'Token',
  'step.token.body':
    'On the “+Fidelidade” user’s row, click Ver detalhes (the eye icon), copy the token and paste it here so we can test the connection.',
  'step.find_feed.title': 'Find the product XML',
  'step.find_feed.short': 'Find the XML',
  'step.find_feed.body':
    'To copy the Google Shopping XML, use the store panel’s search and look for “XML”. The list shows the Google Shopping XML (XML Google Shopping): its address is what the next step asks for.',
  'step.find_feed.confirm': 'I found the Google Shopping XML',
  'step.find_feed.none':
    'No Google Shopping XML showed up? Ask DLoja Virtual / Loja Hostgator support how to switch it on for your store: +fidelidade only takes the Google Shopping XML, and step 6 needs its address. You can stop here; the app brings you back to this step when you open it again.',
  'step.feed_url.title': 'Paste the Google Shopping XML address',
  'step.feed_url.short': 'Product XML',
  'step.feed_url.body':
    'On the Google Shopping XML row, click the gear icon and Copiar. Paste the address here so we can check the products.',
  'step.panel_settings.title': 'Open the +fidelidade settings',
  'step.panel_settings.short': '+fidelidade panel',
  'step.panel_settings.body': 'In the +fidelidade panel, open Mais > Configurações.',
  'step.platform.title': 'Choose the platform',
  'step.platform.short': 'Platform',
  'step.platform.body': 'Open Integração and select Simplo7 (DLoja Virtual).',
  'step.integration_form.title': 'Fill in the integration form',
  'step.integration_form.short': 'Form',
  'step.integration_form.body':
    'Check the values we brought over from the previous steps and copy each one into the +fidelidade form.',
  'step.activation.title': 'Switch the integration on in the +fidelidade panel',
  'step.activation.short': 'Activation',
  'step.activation.body':
    'The switches that turn the integration on are in the +fidelidade panel, and only you can flip them. This page shows their order and what to check first; once you switch it on in the panel, tick it here and the app stops the local simulation.',
  'wizard.done': 'Done',
  'common.copy': 'Copy',
  'common.copied': 'Copied!',
  'common.saving': 'Saving…',
  'error.generic': 'Something went wrong: {message}',
};
