/** A discard-everything SMTP server, for machines without Postfix's smtp-sink. */
import { discardingServer } from './discarding-server.js';

discardingServer().listen(Number(process.argv[2]), '127.0.0.1');
