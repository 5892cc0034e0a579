/** How a new lead reaches operators: shown to all (first claim wins), given in turn, or given to the least loaded. */
export const ASSIGNMENT_STRATEGIES = ['broadcast', 'round_robin', 'least_loaded'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];
