// One HTTP server: GraphQL on /graphql (POST, GET + SSE, and graphql-ws over WebSocket), Summary of Findings
// downloads on /reviews/<id>/summary-of-findings.{csv,html}, the dashboard on /.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { CumulusYoga } from './app.js';
import { SUMMARY_OF_FINDINGS_PATH } from './downloads/summary-of-findings-route.js';
import { createStaticHandler } from './static-files.js';

type OperationResult = ReturnType<NonNullable<ServerOptions['execute']>>;
interface EnvelopedRoot {
  execute(args: ExecutionArgs): OperationResult;
  subscribe(args: ExecutionArgs): OperationResult;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(yoga: CumulusYoga, options: { port: number; host?: string; webDirectory?: string | null }): Promise<RunningServer> {
  const dashboard = options.webDirectory ? createStaticHandler(options.webDirectory) : null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const served = path === '/graphql' || path.startsWith('/graphql/') || path === '/health' || SUMMARY_OF_FINDINGS_PATH.test(path);
    if (served || !dashboard) {
      void yoga.requestListener(req, res);
      return;
    }
    dashboard(req, res);
  });

  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const graphqlWs = useServer(
    {
      // onSubscribe below puts Yoga's enveloped execute and subscribe in rootValue, so plugins run for ws too.
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...context,
          req: context.extra.request,
          socket: context.extra.socket,
          params: payload,
          connectionParams: context.connectionParams,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    sockets,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await graphqlWs.dispose();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
