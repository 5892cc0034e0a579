import { Foundation1795000000000 } from './1795000000000-foundation.js';
import { PatientsAndEvents1795000100000 } from './1795000100000-patients-and-events.js';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist (runtime). */
export const MIGRATIONS = [Foundation1795000000000, PatientsAndEvents1795000100000];
