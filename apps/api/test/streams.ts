/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Subscription clients over a real port: Server-Sent Events (fetch) and graphql-ws (WebSocket).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface EventStream<T> {
  /** The next `count` events (resolves when they have arrived, rejects after `timeoutMs`). */
  take(count: number, timeoutMs?: number): Promise<T[]>;
  /** Waits until the stream holds an event matching `done`, returning everything received until then. */
  until(done: (event: T) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Waits until the server ends the stream (complete), returning every event not taken yet. */
  ended(timeoutMs?: number): Promise<T[]>;
  close(): void;
}

function collector<T>(): { push(event: T): void; fail(error: unknown): void; complete(): void; stream: Omit<EventStream<T>, 'close'> } {
  const received: T[] = [];
  let failure: unknown = null;
  let completed = false;
  let wake: (() => void) | null = null;
  const waitFor = async (ready: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (failure) throw failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms with ${received.length} events: ${JSON.stringify(received).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(left, 100));
      });
    }
  };
  return {
    push(event) {
      received.push(event);
      wake?.();
    },
    fail(error) {
      failure = error;
      wake?.();
    },
    complete() {
      completed = true;
      wake?.();
    },
    stream: {
      async take(count, timeoutMs = 10_000) {
        await waitFor(() => received.length >= count, timeoutMs);
        return received.splice(0, count);
      },
      async until(done, timeoutMs = 10_000) {
        await waitFor(() => received.some(done), timeoutMs);
        const index = received.findIndex(done);
        return received.splice(0, index + 1);
      },
      async ended(timeoutMs = 10_000) {
        await waitFor(() => completed, timeoutMs);
        return received.splice(0);
      },
    },
  };
}

/** A GraphQL subscription over SSE (`Accept: text/event-stream`), as Yoga serves it. */
export async function subscribeSse<T = any>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<EventStream<T>> {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE subscription failed: ${response.status} ${await response.text()}`);
  const { push, fail, complete, stream } = collector<T>();
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          complete();
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          if (lines.includes('event: complete')) complete();
          if (!lines.includes('event: next')) continue;
          const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          push(JSON.parse(data) as T);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) fail(error);
    }
  })();
  return { ...stream, close: () => abort.abort() };
}

/** A GraphQL subscription over graphql-ws. */
export function subscribeWs<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
  /** Headers of the upgrade request, as a browser sends them (cookie, origin). */
  headers?: Record<string, string>,
): EventStream<T> & { client: Client } {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers });
          }
        }
      : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  const { push, fail, complete, stream } = collector<T>();
  client.subscribe<T>({ query, variables }, { next: (value) => push(value as T), error: fail, complete });
  return { ...stream, client, close: () => void client.dispose() };
}
