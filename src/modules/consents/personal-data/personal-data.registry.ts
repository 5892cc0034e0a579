import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * How one table's personal data about a patient is exported and erased. Every module that stores personal data
 * registers its tables here (in onModuleInit); subject-access exports and erasure walk the registry, and a test
 * fails when a table with personal-looking columns is neither registered nor exempted.
 */
export interface PersonalDataSource {
  table: string;
  /** Columns holding personal values; erasure makes each of them NULL (or a fixed placeholder). */
  personalColumns: string[];
  /** What a person reads in their export, e.g. "contact details". */
  category: string;
  /** Rows of this table about the patient, as they appear in the export (camelCase keys). */
  export(em: EntityManager, patientId: string): Promise<unknown[]>;
  /** Anonymizes this table's rows about the patient inside the erasure transaction; returns the rows touched. */
  erase(em: EntityManager, patientId: string): Promise<number>;
  /**
   * Why staff should think twice before erasing this person (records the clinic may have to keep, such as medical
   * records of visits), or null. Erasure by staff then needs an explicit acknowledgement.
   */
  erasureCaution?(em: EntityManager, patientId: string): Promise<string | null>;
}

/** A table whose personal-looking columns are not about data subjects (the clinic's own name and address, say). */
export interface PersonalDataExemption {
  table: string;
  columns: string[];
  reason: string;
}

/** A periodic clean-up that anonymizes data past its retention term (unconverted leads, for instance). */
export interface RetentionRule {
  name: string;
  /** Anonymizes what expired by `now`; must be idempotent. Returns how many people or rows it touched. */
  purge(now: Date): Promise<number>;
}

@Injectable()
export class PersonalDataRegistry {
  private readonly sources = new Map<string, PersonalDataSource>();
  private readonly exemptions = new Map<string, PersonalDataExemption>();
  private readonly retention = new Map<string, RetentionRule>();

  register(source: PersonalDataSource): void {
    if (this.sources.has(source.table)) throw new Error(`Personal data of ${source.table} is registered twice`);
    this.sources.set(source.table, source);
  }

  exempt(exemption: PersonalDataExemption): void {
    this.exemptions.set(exemption.table, exemption);
  }

  addRetentionRule(rule: RetentionRule): void {
    if (this.retention.has(rule.name)) throw new Error(`Retention rule ${rule.name} is registered twice`);
    this.retention.set(rule.name, rule);
  }

  /** Registered sources in registration order (the patients card first). */
  all(): PersonalDataSource[] {
    return [...this.sources.values()];
  }

  allExemptions(): PersonalDataExemption[] {
    return [...this.exemptions.values()];
  }

  retentionRules(): RetentionRule[] {
    return [...this.retention.values()];
  }

  /** Whether `table.column` is declared: registered as personal or exempted. */
  covers(table: string, column: string): boolean {
    return Boolean(this.sources.get(table)?.personalColumns.includes(column) || this.exemptions.get(table)?.columns.includes(column));
  }
}
