import { workerData } from 'node:worker_threads';
import { formBody } from '../scenarios/intake.js';
import type { PacedFormsJob } from './paced-forms.js';
import { pacedPosts } from './paced-posts.js';
import { answer } from './worker.js';

const { fixture, rate, seconds, firstPhone } = workerData as PacedFormsJob;
let n = firstPhone;
/** Numbers apart from those the main thread hands out (+7916...), so no form of this run finds an earlier person. */
const phone = () => `+7917${String(1_000_000 + (n++ % 9_000_000)).padStart(7, '0')}`;

answer(
  pacedPosts({
    url: `${fixture.baseUrl}/api/v1/public/intake/web-form`,
    headers: { 'content-type': 'application/json', 'x-intake-key': fixture.key },
    body: () => formBody(fixture, phone()),
    rate,
    seconds,
  }),
);
