// Mail for invitations, password resets and sign-up confirmations: through SMTP (nodemailer) when configured;
// otherwise written to the server's log, so a development server still shows its links.
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** 'smtp' when messages leave the machine, 'log' when they are only written to the log. */
  readonly transport: 'smtp' | 'log';
  /** Sends in the background: a request never waits for (or learns about) the mail server. */
  send(message: MailMessage): void;
  /** Resolves when every message handed over so far has been sent or has failed. */
  idle(): Promise<void>;
  close(): void;
}

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://… */
  url?: string | null;
  host?: string | null;
  port?: number | null;
  user?: string | null;
  pass?: string | null;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  from: string;
}

export function createMailer(settings: SmtpSettings | null, log: (line: string) => void = console.log): Mailer {
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  if (!settings || (!settings.url && !settings.host)) {
    return {
      transport: 'log',
      send: (message) => log(`cumulus: mail not sent (no SMTP configured), to ${message.to}: ${message.subject}\n${message.text}`),
      idle,
      close: () => undefined,
    };
  }
  const transporter = settings.url
    ? nodemailer.createTransport(settings.url)
    : nodemailer.createTransport({
        host: settings.host!,
        port: settings.port ?? (settings.secure ? 465 : 587),
        secure: settings.secure ?? false,
        ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
      });
  return {
    transport: 'smtp',
    send(message) {
      track(
        transporter.sendMail({ from: settings.from, ...message }).then(
          () => undefined,
          (error: Error) => log(`cumulus: sending mail to ${message.to} ('${message.subject}') failed: ${error.message}`),
        ),
      );
    },
    idle,
    close: () => transporter.close(),
  };
}
