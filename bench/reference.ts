/**
 * The raw reference, measured in the same run against the same sink: Postfix's
 * smtp-source when installed, and nodemailer's pool sending pre-built messages.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { postfixSource } from './sink.js';

export interface ReferenceResult {
  tool: string;
  messages: number;
  seconds: number;
  perSecond: number;
}

export async function smtpSourceReference(port: number, messages: number, size: number): Promise<ReferenceResult | undefined> {
  if (!existsSync(postfixSource)) return undefined;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(postfixSource, ['-s', '5', '-m', String(messages), '-l', String(size), '-f', 'bench@presswire.example.org', '-t', 'sink@desk.example.org', `127.0.0.1:${port}`], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`smtp-source exited with ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  return { tool: 'postfix smtp-source, 5 sessions', messages, seconds, perSecond: messages / seconds };
}

export async function nodemailerReference(port: number, messages: number, raw: Buffer): Promise<ReferenceResult> {
  const transport = nodemailer.createTransport({ pool: true, maxConnections: 5, maxMessages: Infinity, host: '127.0.0.1', port, ignoreTLS: true });
  const started = performance.now();
  const inFlight = 50;
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < messages) {
        next++;
        await transport.sendMail({ envelope: { from: 'bench@presswire.example.org', to: ['sink@desk.example.org'] }, raw });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { tool: 'nodemailer pool, pre-built messages, 5 connections', messages, seconds, perSecond: messages / seconds };
}
