/** An SMTP server that takes every message and keeps none; `onMessage` hears of each final dot. */
import { SMTPServer } from 'smtp-server';

export function discardingServer(onMessage: () => void = () => {}): SMTPServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        onMessage();
        callback();
      });
    },
  });
  server.on('error', () => {});
  return server;
}
