import { Global, Module } from '@nestjs/common';
import { TICKET_ACCESS } from '../attachments/ticket-access';
import { TicketAccess } from './ticket-access';

/**
 * Who may see a ticket, for every module: attachments (and later notifications) ask it without
 * importing the tickets module back.
 */
@Global()
@Module({
  providers: [TicketAccess, { provide: TICKET_ACCESS, useExisting: TicketAccess }],
  exports: [TicketAccess, TICKET_ACCESS],
})
export class TicketAccessModule {}
