// The updater's state, shared by the banner and Sobre's section: what the last check found and
// "Atualizar agora" in progress. Decisions (when to check, what "Depois" hides) are Rust's; this
// only holds what the backend said.
import { backend, describeError, type Available, type UpdateEvent, type UpdateView } from '$lib/backend';

export type Phase =
  | { kind: 'idle' }
  | { kind: 'downloading'; done: number; total: number | null; attempt: number }
  | { kind: 'installing' }
  | { kind: 'failed'; message: string };

export const updates = $state<{ view: UpdateView | null; phase: Phase }>({
  view: null,
  phase: { kind: 'idle' },
});

/** Reads the view; a page without the app's data (the problem page) simply has none. */
export async function loadUpdates(): Promise<void> {
  try {
    updates.view = await backend.updateView();
  } catch {
    updates.view = null;
  }
}

/** A background check found `found`: the banner reads the view again (it knows "Depois"). */
export function onFound(_found: Available): void {
  void loadUpdates();
}

function follow(event: UpdateEvent): void {
  switch (event.event) {
    case 'started':
      updates.phase = { kind: 'downloading', done: 0, total: null, attempt: 1 };
      break;
    case 'progress':
      updates.phase = {
        kind: 'downloading',
        done: event.done,
        total: event.total,
        attempt: event.attempt,
      };
      break;
    case 'installing':
    case 'finished':
      updates.phase = { kind: 'installing' };
      break;
    case 'failed':
      break;
  }
}

/** "Atualizar agora": on success the app restarts by itself; a failure is shown, nothing else
 * changes (the running version goes on). */
export async function installNow(): Promise<void> {
  updates.phase = { kind: 'downloading', done: 0, total: null, attempt: 1 };
  // The channel's messages can arrive after the command's answer (they travel apart): once it
  // has answered, a late "progress" must not put the bar back over the outcome.
  let answered = false;
  try {
    await backend.updateInstall((event) => {
      if (!answered) follow(event);
    });
    answered = true;
  } catch (e) {
    answered = true;
    updates.phase = { kind: 'failed', message: describeError(e).message };
  }
}

/** "Depois". */
export async function postpone(version: string): Promise<void> {
  try {
    updates.view = await backend.updatePostpone(version);
    updates.phase = { kind: 'idle' };
  } catch (e) {
    updates.phase = { kind: 'failed', message: describeError(e).message };
  }
}
