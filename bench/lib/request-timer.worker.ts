import { workerData } from 'node:worker_threads';
import { type TimedGet, timeHere } from './request-timer.js';
import { answer } from './worker.js';

answer(timeHere(workerData as TimedGet));
