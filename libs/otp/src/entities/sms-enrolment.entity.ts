import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The holder turned on SMS sign-in codes (to the account's verified mobile). */
@Entity('otp_sms_enrolments')
export class SmsEnrolmentEntity {
  @PrimaryColumn({ name: 'account_id', type: 'bigint', unsigned: true })
  accountId!: string;

  @Column({ name: 'enabled_at', type: 'datetime', precision: 3 })
  enabledAt!: Date;
}
