import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';

/**
 * The first step of a graceful shutdown (onModuleDestroy runs before the projectors stop and
 * the stores close): stop accepting connections, let every request in flight finish and get
 * its answer (sent with `Connection: close`), then close what is left idle. Without it the
 * HTTP server is closed after the projectors stopped, by destroying every socket, requests
 * in flight included.
 *
 * Keep-alive connections stay open while the requests in flight finish: a request that a
 * client had already sent on one is still read and answered (with `Connection: close`)
 * rather than cut off unread; only connections idle all along are closed at the end.
 */
@Injectable()
export class HttpDrain implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Http');
  private readonly inFlight = new Set<ServerResponse>();
  private readonly settled = new EventEmitter();
  private draining = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.settled.setMaxListeners(0);
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }

  onApplicationBootstrap(): void {
    this.server()?.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      if (this.draining) response.setHeader('Connection', 'close');
      this.inFlight.add(response);
      response.once('close', () => {
        this.inFlight.delete(response);
        this.settled.emit('settled');
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server();
    if (!server?.listening) return;
    this.draining = true;
    for (const response of this.inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    // No new connections. (http.Server#close would also drop idle keep-alive connections at
    // once, and with them any request a client has just sent on one; they are closed below.)
    NetServer.prototype.close.call(server);
    // A query may wait up to QUERY_WAIT_MS for the read models (the projectors still run).
    const deadline = Date.now() + this.config.queryWaitMs + 5000;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await once(this.settled, 'settled', { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) }).catch(() => undefined);
    }
    server.closeIdleConnections();
    if (this.inFlight.size > 0) this.logger.warn(`${this.inFlight.size} request(s) still in flight at shutdown; their connections will be closed`);
    else this.logger.log('stopped accepting requests; every request in flight was answered');
  }
}
