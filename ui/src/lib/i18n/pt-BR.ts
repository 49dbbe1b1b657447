// Brazilian Portuguese: the default language and the source of every message key.
// `en.ts` must provide exactly the same keys (the type checker and a test enforce it).
export const ptBR = {
  'app.name': 'Conector +fidelidade',
  'app.tagline': 'Ligue sua loja Simplo7 ao programa +fidelidade, passo a passo.',
  'lang.label': 'Idioma',
  'lang.pt-BR': 'Português',
  'lang.en': 'English',

  'wizard.rail.label': 'Etapas da configuração',
  'wizard.stepOf': 'Passo {n} de {total}',
  'wizard.back': 'Voltar',
  'wizard.next': 'Avançar',
  'wizard.state.done': 'concluído',
  'wizard.state.current': 'etapa atual',
  'wizard.state.pending': 'pendente',
  'wizard.loading': 'Carregando…',
  'wizard.comingSoon': 'Esta etapa ainda está em construção nesta versão do aplicativo.',

  'step.store_id.title': 'Copie o ID da loja',
  'step.store_id.short': 'ID da loja',
  'step.store_id.body':
    'Entre no painel administrativo da sua loja (DLoja Virtual ou Loja Hostgator) e copie o ID da loja. É um número, só com dígitos.',
  'step.api_access.title': 'Abra a API Pública',
  'step.api_access.short': 'API Pública',
  'step.api_access.body':
    'No painel da loja, vá em Aplicativos > Integrações > Sistemas externos > API Pública e clique em Configurar.',
  'step.service_user.title': 'Crie o usuário de serviço',
  'step.service_user.short': 'Usuário',
  'step.service_user.body': 'Adicione um usuário de serviço com o nome exato “+Fidelidade”.',
  'step.token.title': 'Copie e teste o token',
  'step.token.short': 'Token',
  'step.token.body':
    'Abra os detalhes do usuário “+Fidelidade” (ícone de olho), copie o token e cole aqui para testarmos a conexão.',
  'step.find_feed.title': 'Encontre o XML de produtos',
  'step.find_feed.short': 'Achar o XML',
  'step.find_feed.body': 'Na busca do painel da loja, procure por “XML”.',
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
    'Confira os dados preenchidos a partir das etapas anteriores e copie cada um para o formulário do +fidelidade.',
  'step.activation.title': 'Ative a integração',
  'step.activation.short': 'Ativação',
  'step.activation.body':
    'Quando tudo estiver conferido, ligue a integração. A partir daí os clientes começam a receber e-mails.',

  'common.copy': 'Copiar',
  'common.copied': 'Copiado!',
  'common.saving': 'Salvando…',

  'demo.badge': 'Loja de demonstração',
  'demo.offer': 'Ainda não tem os dados da loja à mão? Experimente o aplicativo com uma loja de demonstração, com pedidos e produtos de exemplo.',
  'demo.button': 'Experimentar com a loja de demonstração',
  'demo.starting': 'Abrindo a loja de demonstração…',
  'demo.active': 'Você está usando a loja de demonstração ({address}). Nada aqui é da sua loja real.',

  'store.id.label': 'ID da loja',
  'store.id.placeholder': 'Ex.: 123456',
  'store.id.help': 'Só números. Vamos conferir enquanto você digita.',
  'store.domain.toggle': 'Minha loja usa um domínio próprio para a API',
  'store.domain.label': 'Domínio da loja',
  'store.domain.placeholder': 'Ex.: www.minhaloja.com.br',
  'store.address.preview': 'Endereço da API que vamos usar: {address}',

  'step.api_access.path1': 'Aplicativos > Integrações',
  'step.api_access.path2': 'Sistemas externos > API Pública',
  'step.api_access.path3': 'Clique em Configurar',
  'step.api_access.confirm': 'Abri a tela de configuração da API Pública',
  'step.service_user.help': 'Use o botão para copiar o nome exato e cole no campo de nome do novo usuário.',

  'token.label': 'Token da API',
  'token.placeholder': 'Cole aqui o token do usuário +Fidelidade',
  'token.test': 'Testar conexão',
  'token.testing': 'Testando…',
  'token.testingLong': 'Falando com a sua loja…',
  'token.demoHint': 'Na loja de demonstração, deixe o campo vazio e clique em Testar conexão.',
  'token.keychainNote': 'O token fica guardado só no cofre de senhas do seu computador, nunca em arquivos do aplicativo.',
  'token.ok.title': 'Conexão funcionando!',
  'token.ok.statuses': 'A loja respondeu e tem {count} status de pedido.',
  'token.ok.stored': 'Token guardado no cofre do sistema: {mask}',
  'token.disconnect': 'Desconectar (apagar o token)',
  'token.error.rejected': 'Token recusado pela loja',
  'token.error.not_found': 'Loja não encontrada',
  'token.error.unreachable': 'Sem conexão com a loja',
  'token.error.keychain': 'Cofre de senhas indisponível',
  'token.error.other': 'Não foi possível testar a conexão',

  'error.generic': 'Algo deu errado: {message}',
} as const;

export type MessageKey = keyof typeof ptBR;
