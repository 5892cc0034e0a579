import { ApiProperty } from '@nestjs/swagger';

const nullableNumber = { nullable: true, type: Number } as const;

export class ReminderGroup {
  @ApiProperty({ description: 'Appointments starting in the period' }) appointments: number;
  @ApiProperty({ description: 'Arrived or completed' }) visits: number;
  @ApiProperty() noShows: number;
  @ApiProperty({ ...nullableNumber, description: 'no-shows / (visits + no-shows)' }) noShowRate: number | null;
}

export class ConfirmationFigures {
  @ApiProperty({ description: 'Appointments whose confirmation or reminder went out before the visit' }) reminded: number;
  @ApiProperty({ description: 'Of those, confirmed by the patient (button or reply)' }) confirmedByPatient: number;
  @ApiProperty({ description: 'Of those, cancelled by the patient (button or reply)' }) cancelledByPatient: number;
  @ApiProperty({ ...nullableNumber, description: 'confirmed by the patient / reminded' }) confirmationRate: number | null;
}

export class ReplyTimes {
  @ApiProperty({ description: 'Messages people wrote in messengers and comments (answers to reminders and ratings left out)' }) inbound: number;
  @ApiProperty({ description: 'Of those, answered by staff' }) answered: number;
  @ApiProperty({ ...nullableNumber, description: 'Median seconds to the staff’s answer' }) medianSec: number | null;
  @ApiProperty({ ...nullableNumber, description: '90th percentile, seconds' }) p90Sec: number | null;
}

export class DoctorRating {
  @ApiProperty({ format: 'uuid' }) doctorId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() ratings: number;
  @ApiProperty({ description: 'Average rating, 1-5' }) average: number;
  @ApiProperty({ description: 'Ratings of 3 or less' }) low: number;
}

export class RecallFigures {
  @ApiProperty({ description: 'Recall messages that went out in the period' }) messaged: number;
  @ApiProperty({ description: 'Of those, people who booked within 60 days' }) booked: number;
  @ApiProperty({ ...nullableNumber, description: 'booked / messaged' }) conversionRate: number | null;
  @ApiProperty({ description: 'Recall leads in the operators’ queue (unanswered recalls)' }) leads: number;
  @ApiProperty({ description: 'Of those, booked' }) leadsBooked: number;
}

export class DeliveryFigures {
  @ApiProperty() channel: string;
  @ApiProperty() purpose: string;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Sent or delivered' }) sent: number;
  @ApiProperty({ description: 'Delivered (where the provider reports it: SMS)' }) delivered: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'Withdrawn, or not allowed to go (consent, opt-out, restriction)' }) cancelled: number;
  @ApiProperty() queued: number;
}

export class MessagingReport {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String }) branchId: string | null;
  @ApiProperty({ type: ConfirmationFigures }) confirmations: ConfirmationFigures;
  @ApiProperty({ type: ReminderGroup, description: 'Visits whose confirmation or reminder reached the person' }) withReminder: ReminderGroup;
  @ApiProperty({ type: ReminderGroup, description: 'Visits without one' }) withoutReminder: ReminderGroup;
  @ApiProperty({ type: ReplyTimes }) replies: ReplyTimes;
  @ApiProperty({ type: [DoctorRating] }) ratings: DoctorRating[];
  @ApiProperty({ type: RecallFigures }) recall: RecallFigures;
  @ApiProperty({ type: [DeliveryFigures] }) delivery: DeliveryFigures[];
}
