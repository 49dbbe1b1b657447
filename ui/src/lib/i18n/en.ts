import type { MessageKey } from './pt-BR';

// English. Every key of pt-BR.ts, no more, no less.
export const en: Record<MessageKey, string> = {
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
  'wizard.loading': 'Loading…',
  'wizard.comingSoon': 'This step is still being built in this version of the app.',

  'step.store_id.title': 'Copy the store ID',
  'step.store_id.short': 'Store ID',
  'step.store_id.body':
    'Sign in to your store admin panel (DLoja Virtual or Loja Hostgator) and copy the store ID. It is a number, digits only.',
  'step.api_access.title': 'Open the Public API',
  'step.api_access.short': 'Public API',
  'step.api_access.body':
    'In the store panel, go to Aplicativos > Integrações > Sistemas externos > API Pública and click Configurar.',
  'step.service_user.title': 'Create the service user',
  'step.service_user.short': 'User',
  'step.service_user.body': 'Add a service user named exactly “+Fidelidade”.',
  'step.token.title': 'Copy and test the token',
  'step.token.short': 'Token',
  'step.token.body':
    'Open the “+Fidelidade” user details (eye icon), copy the token and paste it here so we can test the connection.',
  'step.find_feed.title': 'Find the product XML',
  'step.find_feed.short': 'Find the XML',
  'step.find_feed.body': 'In the store panel search, look for “XML”.',
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
    'Check the values filled in from the previous steps and copy each one into the +fidelidade form.',
  'step.activation.title': 'Switch the integration on',
  'step.activation.short': 'Activation',
  'step.activation.body':
    'When everything is checked, switch the integration on. From then on customers start receiving e-mails.',

  'error.generic': 'Something went wrong: {message}',
};
