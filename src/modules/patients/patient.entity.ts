import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'patients' })
export class Patient {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'last_name', type: 'text', nullable: true }) lastName: string | null;
  @Column({ name: 'first_name', type: 'text', nullable: true }) firstName: string | null;
  @Column({ name: 'middle_name', type: 'text', nullable: true }) middleName: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'citext', nullable: true }) email: string | null;
  @Column({ name: 'birth_date', type: 'date', nullable: true }) birthDate: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ name: 'restricted_at', type: 'timestamptz', nullable: true }) restrictedAt: Date | null;
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId: string | null;
  @Column({ name: 'anonymized_at', type: 'timestamptz', nullable: true }) anonymizedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
