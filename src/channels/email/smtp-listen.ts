/** Starting one of our own SMTP servers (the development outbox, the inbound endpoint). */
import type { SMTPServer } from 'smtp-server';

/** Listen; resolves with the port really taken (port 0 asks for a free one). */
export async function listenSmtp(server: SMTPServer, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  return { port: typeof address === 'object' && address ? address.port : port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
