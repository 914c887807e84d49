// Live events refresh a page one at a time. Events can come faster than a refetch answers (three changes committed
// in a few milliseconds); a refetch asked for while another is under way must not be lost nor answered by the one
// already sent (it may have been read before the newer change committed). So: one refresh at a time, and when
// newer events came during it, one more after it, unless the page already shows their version.

export interface VersionedEvent {
  version: number;
}

/**
 * Returns the function to call for each event newer than what the page shows. `refresh` loads the page again (its
 * promise settles once the answer is shown); `shownVersion` reads the version the page shows now.
 */
export function refreshInTurn(shownVersion: () => number | null, refresh: () => Promise<unknown> | undefined): (event: VersionedEvent) => void {
  let running = false;
  // The newest version announced while a refresh was under way.
  let waiting: number | null = null;
  const take = (): number | null => {
    const version = waiting;
    waiting = null;
    return version;
  };

  async function drain(): Promise<void> {
    running = true;
    try {
      for (let again = true; again; ) {
        try {
          await refresh();
        } catch {
          // A failed refresh is the query's own error to show; the next event (or the one waiting) tries again.
        }
        const newest = take();
        const shown = shownVersion();
        again = newest !== null && (shown === null || newest > shown);
      }
    } finally {
      running = false;
    }
  }

  return (event) => {
    if (running) waiting = Math.max(waiting ?? event.version, event.version);
    else void drain();
  };
}
