import { existsSync } from 'node:fs';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * Runs a script of `bench/lib` in a worker thread of its own (its own event loop and heap, so neither the main
 * thread's work nor its garbage collection delays what the worker times) and resolves with the one answer it sends.
 * The tests run the scenarios from their TypeScript sources, where no compiled script exists: `here` does the same
 * work in this thread then.
 */
export async function inWorker<T>(script: string, data: unknown, here: () => Promise<T>): Promise<T> {
  if (!existsSync(new URL(script, import.meta.url))) return here();
  const answer = await new Promise<{ value?: T; error?: string }>((resolve, reject) => {
    const worker = new Worker(new URL(script, import.meta.url), { workerData: data });
    worker.once('message', (message: { value?: T; error?: string }) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${script} stopped (${code}) without answering`)));
  });
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.value!;
}

/** In the worker: sends the work's result (or its failure) back to `inWorker`. */
export function answer(work: Promise<unknown>): void {
  work.then(
    (value) => parentPort!.postMessage({ value }),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
