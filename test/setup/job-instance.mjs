// A Clinicdesk instance in a process of its own, for tests that kill it mid-job: the built app (dist/, built by
// `npm test`) plus the test job named in TEST_JOB. Its handler writes the job's side effect in a transaction, says
// "mid-run <job id>" on stdout and then never finishes, so a SIGKILL lands in the middle of the run. SIGTERM closes
// the app and nothing else: the process then ends only if the app left nothing running.
import { DataSource } from 'typeorm';
import { createApp } from '../../dist/src/app.setup.js';
import { loadConfig } from '../../dist/src/config/config.js';
import { JobRunner } from '../../dist/src/jobs/job-runner.js';

const config = loadConfig(process.env);
const app = await createApp({ config: { ...config, databaseUrl: process.env.DATABASE_URL } });
const dataSource = app.get(DataSource);
app.get(JobRunner).handle(process.env.TEST_JOB, async (_payload, attempt, jobId) => {
  await dataSource.transaction(async (em) => {
    await em.query(`INSERT INTO test_job_effects (job_id, attempt, pid) VALUES ($1, $2, $3)`, [jobId, attempt, process.pid]);
    process.stdout.write(`mid-run ${jobId}\n`);
    await new Promise(() => undefined);
  });
});
await app.init();
process.once('SIGTERM', () => void app.close().then(() => process.stdout.write('closed\n')));
process.stdout.write('ready\n');
