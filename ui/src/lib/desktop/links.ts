// Links in the app open in the owner's default browser, never inside the app's window: a click on
// any `<a href="http(s)://…">` is handed to Rust (`open_external`, which accepts only https and
// the local demo store), and the webview stays where it is.
import { backend, describeError } from '$lib/backend';

export function openLinksOutside(onError: (message: string) => void = () => {}) {
  return (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target?.closest('a[href]');
    if (!(link instanceof HTMLAnchorElement) || !/^https?:/i.test(link.href)) return;
    event.preventDefault();
    backend.openExternal(link.href).catch((e) => onError(describeError(e).message));
  };
}
