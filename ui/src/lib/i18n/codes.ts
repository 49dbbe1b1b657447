// The text of every message code the backend sends (`{code, params}`), in both languages. The
// catalogue is JSON so that the `conector` command line prints the very same sentences; typing
// it as `Record<MessageCode, string>` makes a code without a text a compile error.
import type { MessageCode, ErrorPayload, Locale, Param, Params } from '$lib/backend/bindings';
import ptJson from './codes/pt-BR.json';
import enJson from './codes/en.json';
import { formatBytes, formatCount, formatDate, formatDateTime, formatMoney } from './format';

const catalogues: Record<Locale, Record<MessageCode, string>> = { 'pt-BR': ptJson, en: enJson };

/** One parameter written the locale's way (numbers grouped, money in R$ or in the currency it
 * names, dates local). */
export function formatParam(param: Param, locale: Locale): string {
  switch (param.kind) {
    case 'text':
      return param.value;
    case 'number':
      return formatCount(param.value, locale);
    case 'cents':
      return formatMoney(param.value, locale);
    case 'money':
      return formatMoney(param.value.cents, locale, param.value.currency);
    case 'bytes':
      return formatBytes(param.value, locale);
    case 'date':
      return formatDate(`${param.value}T12:00:00Z`, locale);
    case 'date_time':
      return formatDateTime(param.value, locale);
  }
}

/** The sentence for `code` in `locale`, its `{name}` placeholders filled from `params`. */
export function messageText(code: MessageCode, params: Params, locale: Locale): string {
  const template = catalogues[locale][code] ?? code;
  const count = params['count'];
  const bar = template.indexOf('|');
  const form =
    bar < 0
      ? template
      : count?.kind === 'number' && count.value === 1
        ? template.slice(0, bar)
        : template.slice(bar + 1);
  return form.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const param = params[name];
    return param ? formatParam(param, locale) : whole;
  });
}

export function errorMessage(payload: ErrorPayload, locale: Locale): string {
  return messageText(payload.code, payload.params, locale);
}
