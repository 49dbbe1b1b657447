// Messages of updates: the banner ("Atualizar agora", "Depois") and Sobre's section. The
// failures' sentences are message codes (`update.*` in codes/). pt-BR first, then en.

export const pt = {
  'update.banner.title': 'Nova versão {version} disponível',
  'update.banner.changes': 'o que mudou',
  'update.banner.install': 'Atualizar agora',
  'update.banner.later': 'Depois',
  'update.banner.keeps':
    'Seus dados, a configuração da loja, o token guardado e o monitoramento continuam como estão.',
  'update.progress.downloading': 'Baixando a atualização… {percent}%',
  'update.progress.downloadingUnknown': 'Baixando a atualização… {size}',
  'update.progress.retry': 'O download caiu; tentando de novo ({attempt} de {max})…',
  'update.progress.installing':
    'Conferindo a assinatura e instalando… O aplicativo vai reabrir sozinho na versão nova.',
  'update.progress.label': 'Progresso da atualização',
  'update.section.title': 'Atualizações',
  'update.section.off': 'Esta versão não busca atualizações automaticamente.',
  'update.section.auto': 'Verificar atualizações automaticamente',
  'update.section.autoHint': 'Uma vez ao abrir o aplicativo e depois uma vez por dia, nunca durante uma leitura de pedidos ou do catálogo.',
  'update.section.checkNow': 'Procurar atualização agora',
  'update.section.checking': 'Procurando…',
  'update.section.upToDate': 'Você está na versão mais recente ({current}).',
  'update.section.found': 'Nova versão {version} disponível.',
  'update.section.lastCheck': 'Última busca: {when}',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'update.banner.title': 'New version {version} available',
  'update.banner.changes': 'what changed',
  'update.banner.install': 'Update now',
  'update.banner.later': 'Later',
  'update.banner.keeps':
    'Your data, the store settings, the saved token and the monitoring stay as they are.',
  'update.progress.downloading': 'Downloading the update… {percent}%',
  'update.progress.downloadingUnknown': 'Downloading the update… {size}',
  'update.progress.retry': 'The download dropped; trying again ({attempt} of {max})…',
  'update.progress.installing':
    'Checking the signature and installing… The app will reopen by itself in the new version.',
  'update.progress.label': 'Update progress',
  'update.section.title': 'Updates',
  'update.section.off': 'This version does not look for updates automatically.',
  'update.section.auto': 'Check for updates automatically',
  'update.section.autoHint': 'Once when the app opens and then once a day, never while orders or the catalogue are being read.',
  'update.section.checkNow': 'Check for an update now',
  'update.section.checking': 'Checking…',
  'update.section.upToDate': 'You have the latest version ({current}).',
  'update.section.found': 'New version {version} available.',
  'update.section.lastCheck': 'Last check: {when}',
};
