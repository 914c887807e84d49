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
export function refreshInTurn<E extends VersionedEvent>(shownVersion: () => number | null, refresh: (event: E) => Promise<unknown> | undefined): (event: E) => void {
  let running = false;
  // The newest event that came while a refresh was under way.
  let waiting: E | null = null;
  const take = (): E | null => {
    const event = waiting;
    waiting = null;
    return event;
  };

  async function drain(first: E): Promise<void> {
    running = true;
    waiting = null;
    let next: E | null = first;
    try {
      while (next !== null) {
        const event: E = next;
        try {
          await refresh(event);
        } catch {
          // A failed refresh is the query's own error to show; the next event (or the one waiting) tries again.
        }
        next = take();
        const shown = shownVersion();
        if (next !== null && shown !== null && next.version <= shown) next = null;
      }
    } finally {
      running = false;
      waiting = null;
    }
  }

  return (event) => {
    if (running) {
      if (waiting === null || event.version > waiting.version) waiting = event;
      return;
    }
    void drain(event);
  };
}
