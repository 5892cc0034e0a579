import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Call-center opening hours in the branch's local time, per ISO weekday (1 = Monday). */
export interface OpeningHours {
  weekdays: number[];
  start: string;
  end: string;
}

@Entity({ name: 'branches' })
export class Branch {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) address: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text' }) timezone: string;
  @Column({ name: 'call_center_hours', type: 'jsonb' }) callCenterHours: OpeningHours[];
  @Column({ type: 'boolean' }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
