import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export const WORKER_ENTRY = Symbol('WORKER_ENTRY');

/**
 * The thread's young generation (V8's default lets it grow to 48 MB): its jobs' objects are
 * short-lived, so a small one costs a few more (cheap) scavenges and keeps ~25 MB off the
 * process's peak RSS while mails are rendered.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/** How long the workers may take to finish their running jobs on shutdown. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * The single-process install (`npm start`): the queue workers and the outbox relay run in a worker
 * thread of the API's process, the worker app's own entry point, so that they have their own event
 * loop (and core) instead of queueing behind the HTTP requests on the API's. Started with the app,
 * asked to finish its running jobs before the app's connections close; a thread that dies on its
 * own takes the process down, so that a supervisor restarts the whole install.
 */
@Injectable()
export class WorkerThreadHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerThreadHost.name);
  private worker: Worker | null = null;
  private stopping = false;

  constructor(@Inject(WORKER_ENTRY) private readonly entry: string) {}

  onApplicationBootstrap(): void {
    const worker = new Worker(this.entry, {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    worker.on('error', (error) => this.logger.error(`The worker thread failed: ${error.stack ?? error}`));
    worker.on('exit', (code) => {
      if (this.stopping) return;
      this.logger.error(`The worker thread exited (code ${code}); stopping the process.`);
      process.exit(1);
    });
    this.worker = worker;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    const exited = once(worker, 'exit');
    worker.postMessage('shutdown');
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
