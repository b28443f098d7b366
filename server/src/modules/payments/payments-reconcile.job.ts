import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { PaymentsService } from './payments.service';

export const PAYMENTS_RECONCILE_JOB = 'payments.reconcile';
/** Often enough that an order nobody was told about is asked about within its first minute (R14). */
const EVERY_MS = 20_000;

/** Asks WeChat Pay about unsettled orders and refunds, once per period across all processes. */
@Injectable()
export class PaymentsReconcileJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly payments: PaymentsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: PAYMENTS_RECONCILE_JOB,
      everyMs: EVERY_MS,
      run: async (now) => {
        await this.payments.reconcile(now);
      },
    });
  }
}
