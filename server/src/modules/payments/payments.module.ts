import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { SettingsModule } from '../settings/settings.module';
import { TicketsModule } from '../tickets/tickets.module';
import { LedgerService } from './ledger.service';
import { PaymentMerchantsService } from './payment-merchants.service';
import { PaymentsReconcileJob } from './payments-reconcile.job';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

/** Paying surcharges with WeChat Pay v3, refunds, reconciliation and the ledger (F2.7, R11–R17). */
@Module({
  imports: [AuditModule, SchedulerModule, SettingsModule, TicketsModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentMerchantsService, LedgerService, PaymentsReconcileJob],
})
export class PaymentsModule {}
