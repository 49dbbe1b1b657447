// Messages of the desktop around the wizard: the about page, the diagnostic export and the page
// shown when the app's data cannot be opened. pt-BR first, then en with the same keys.

export const pt = {
  'nav.about': 'Sobre',
  'about.title': 'Sobre o Conector +fidelidade',
  'about.version': 'Versão',
  'about.os': 'Sistema',
  'about.dataDir': 'Pasta de dados',
  'about.logDir': 'Pasta de registros (logs)',
  'about.openLogs': 'Abrir pasta de registros',
  'about.diagnostics.title': 'Diagnóstico',
  'about.diagnostics.body':
    'Se algo não funcionar, exporte um diagnóstico e envie ao suporte. O arquivo leva a versão, o sistema, o passo do assistente, as últimas leituras dos pedidos e os registros. O token da loja, CPFs, CNPJs, e-mails e telefones dos clientes são removidos antes de gravar.',
  'about.diagnostics.export': 'Exportar diagnóstico',
  'about.diagnostics.exporting': 'Gerando o arquivo…',
  'about.diagnostics.saved': 'Diagnóstico salvo em: {path}',
  'about.close': 'Fechar',
  'about.quit.title': 'Sair do aplicativo',
  'about.quit.body':
    'Fechar a janela não fecha o aplicativo: ele continua lendo os pedidos da loja e, depois de ligada a integração, monitorando-a. Pelo ícone na bandeja do sistema (perto do relógio) você abre a janela de novo ou sai. Se o seu computador não mostra esse ícone, saia por aqui. Abrir o aplicativo de novo o inicia outra vez.',
  'about.quit.button': 'Sair do aplicativo',
  'about.remove.title': 'Remover tudo deste computador',
  'about.remove.body':
    'Apaga tudo o que o Conector +fidelidade guarda neste computador (dados, cópias, registros, o token no chaveiro do sistema, o início automático) e fecha o aplicativo. O programa continua instalado.',
  'about.remove.button': 'Remover tudo deste computador',
  'about.remove.confirm.title': 'Remover tudo deste computador?',
  'about.remove.confirm.body': 'Será apagado, sem volta:',
  'about.remove.confirm.folder': 'a pasta {path}',
  'about.remove.confirm.copy': 'a cópia dos dados de clientes {path}',
  'about.remove.confirm.keychain': 'o token da loja {store} guardado no chaveiro do sistema',
  'about.remove.confirm.loginItem': 'o início automático com o computador',
  'about.remove.confirm.exit':
    'Depois, o aplicativo fecha. Para usá-lo de novo, será preciso configurar a loja desde o passo 1.',
  'about.remove.confirm.no': 'Cancelar',
  'about.remove.confirm.yes': 'Remover tudo e fechar',
  'about.remove.removing': 'Removendo…',
  'startup.kind.corrupt':
    'O arquivo de dados do aplicativo está danificado e não pode ser lido. Você pode guardar uma cópia dele e começar do zero: a configuração da loja e o catálogo serão pedidos de novo, e o token continua guardado no cofre de senhas do computador.',
  'startup.kind.locked':
    'O arquivo de dados está em uso por outro programa (talvez outra cópia do Conector ou o comando `conector`). Feche o outro programa e clique em "Tentar de novo".',
  'startup.kind.too_new':
    'Os dados foram gravados por uma versão mais nova do Conector +fidelidade. Instale a versão mais recente e abra o aplicativo de novo: os dados continuam onde estão.',
  'startup.kind.unreadable':
    'Não foi possível ler ou gravar a pasta de dados do aplicativo (permissão ou disco cheio). Verifique o espaço livre e as permissões da pasta e clique em "Tentar de novo".',
  'startup.title': 'Não foi possível abrir os dados do aplicativo',
  'startup.database': 'Arquivo de dados',
  'startup.detail': 'Detalhe técnico',
  'startup.retry': 'Tentar de novo',
  'startup.startFresh': 'Fazer cópia e começar do zero',
  'startup.startFresh.confirm':
    'O arquivo atual será guardado com outro nome na mesma pasta (nada é apagado) e o aplicativo começará com dados novos. Continuar?',
  'startup.backup': 'Cópia guardada em: {path}',
  'startup.stillBroken': 'O problema continua.',
} as const;

export const en: Record<keyof typeof pt, string> = {
  'nav.about': 'About',
  'about.title': 'About Conector +fidelidade',
  'about.version': 'Version',
  'about.os': 'System',
  'about.dataDir': 'Data folder',
  'about.logDir': 'Log folder',
  'about.openLogs': 'Open log folder',
  'about.diagnostics.title': 'Diagnostics',
  'about.diagnostics.body':
    'If something does not work, export a diagnostic file and send it to support. It holds the version, the system, the wizard step, the latest readings of the orders and the logs. The store token and customers’ CPF, CNPJ, e-mail and phone numbers are removed before it is written.',
  'about.diagnostics.export': 'Export diagnostics',
  'about.diagnostics.exporting': 'Creating the file…',
  'about.diagnostics.saved': 'Diagnostic file saved to: {path}',
  'about.close': 'Close',
  'about.quit.title': 'Quit the app',
  'about.quit.body':
    'Closing the window does not close the app: it goes on reading the store’s orders and, once the integration is switched on, monitoring it. The icon in the system tray (near the clock) opens the window again or quits. If your computer shows no such icon, quit here. Opening the app again starts it again.',
  'about.quit.button': 'Quit the app',
  'about.remove.title': 'Remove everything from this computer',
  'about.remove.body':
    'Deletes everything Conector +fidelidade keeps on this computer (data, copies, logs, the token in the system keychain, starting with the computer) and closes the app. The program stays installed.',
  'about.remove.button': 'Remove everything from this computer',
  'about.remove.confirm.title': 'Remove everything from this computer?',
  'about.remove.confirm.body': 'This deletes, for good:',
  'about.remove.confirm.folder': 'the folder {path}',
  'about.remove.confirm.copy': 'the copy of the customers’ data {path}',
  'about.remove.confirm.keychain': 'the token of store {store} kept in the system keychain',
  'about.remove.confirm.loginItem': 'starting with the computer',
  'about.remove.confirm.exit':
    'Then the app closes. To use it again, the store must be set up again from step 1.',
  'about.remove.confirm.no': 'Cancel',
  'about.remove.confirm.yes': 'Remove everything and close',
  'about.remove.removing': 'Removing…',
  'startup.kind.corrupt':
    'The app’s data file is damaged and cannot be read. You can keep a copy of it and start over: the store setup and the catalogue will be asked again, and the token stays in the computer’s password vault.',
  'startup.kind.locked':
    'The data file is in use by another program (perhaps another copy of Conector or the `conector` command). Close the other program and click "Try again".',
  'startup.kind.too_new':
    'The data was written by a newer version of Conector +fidelidade. Install the latest version and open the app again: the data stays where it is.',
  'startup.kind.unreadable':
    'The app’s data folder cannot be read or written (permissions or a full disk). Check the free space and the folder’s permissions and click "Try again".',
  'startup.title': 'The app’s data could not be opened',
  'startup.database': 'Data file',
  'startup.detail': 'Technical detail',
  'startup.retry': 'Try again',
  'startup.startFresh': 'Keep a copy and start over',
  'startup.startFresh.confirm':
    'The current file will be kept under another name in the same folder (nothing is deleted) and the app will start with fresh data. Continue?',
  'startup.backup': 'Copy kept at: {path}',
  'startup.stillBroken': 'The problem remains.',
};
