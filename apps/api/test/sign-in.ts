// Real parts for sign-in tests: an SMTP sink (smtp-server) that keeps every message, an OpenID Connect provider
// (oidc-provider with its development login pages), and a browser made of fetch and a cookie jar.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  /** The first message to `address` whose subject matches, waited for (mail is sent after the answer). */
  next(address: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Undoes quoted-printable (soft line breaks and =XX), which nodemailer uses for long lines. */
function decodeQuotedPrintable(body: string): string {
  return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { to, subject: header('Subject'), text };
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address.toLowerCase())));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async next(address, subject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject));
        if (found) {
          messages.splice(messages.indexOf(found), 1);
          return found;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${subject} within ${timeoutMs} ms (have: ${messages.map((m) => `${m.to}: ${m.subject}`).join('; ')})`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The link in a message that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const match = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`).exec(mail.text);
  if (!match) throw new Error(`no link starting ${prefix} in: ${mail.text}`);
  return new URL(match[0]);
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** An OpenID Connect provider on a local port; each login name is an account (`<login>@uni.example`, verified). */
export async function startOidcProvider(redirectUri: string, claims: (login: string) => Record<string, unknown> = (login) => ({ email: `${login}@uni.example`, email_verified: true, name: `Dr ${login}` })): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'cumulus', client_secret: 'cumulus-test-secret', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...claims(sub) }) }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['cumulus-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error('oidc-provider server_error:', error));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId: 'cumulus',
    clientSecret: 'cumulus-test-secret',
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** fetch with a cookie jar per host and redirects followed by hand, as a browser does them. */
export class Browser {
  readonly jar = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).host)?.get(name);
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = this.jar.get(target.host);
    const headers = new Headers(init.headers);
    if (cookies && cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const jar = this.jar.get(target.host) ?? new Map<string, string>();
      this.jar.set(target.host, jar);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects (GET after 302/303) until a page answers; returns it and every address visited. */
  async follow(url: string | URL, init: RequestInit = {}): Promise<{ response: Response; visited: URL[] }> {
    const visited: URL[] = [];
    let current = new URL(url);
    let response = await this.fetch(current, init);
    visited.push(current);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 20; hops++) {
      current = new URL(response.headers.get('location')!, current);
      await response.arrayBuffer();
      response = await this.fetch(current);
      visited.push(current);
    }
    return { response, visited };
  }

  /** Submits the first form of an HTML page, with `fields` filled in. */
  async submit(page: { url: URL; html: string }, fields: Record<string, string>): Promise<{ response: Response; visited: URL[] }> {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.html);
    if (!form) throw new Error(`no form on ${page.url}: ${page.html.slice(0, 500)}`);
    const body = new URLSearchParams();
    for (const [input] of form[2].matchAll(/<input[^>]*>/gi)) {
      const name = /\sname="([^"]+)"/.exec(input)?.[1];
      if (name) body.set(name, /\svalue="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    const action = new URL(form[1].replace(/&amp;/g, '&'), page.url);
    const first = await this.fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    if (first.status < 300 || first.status >= 400) return { response: first, visited: [action] };
    const rest = await this.follow(new URL(first.headers.get('location')!, action));
    return { response: rest.response, visited: [action, ...rest.visited] };
  }
}
