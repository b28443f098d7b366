import type { Principal } from '../../tenancy/principal';

/**
 * Who may see a ticket, and so every attachment it has claimed. The tickets module provides it;
 * without a provider a claimed attachment is visible to its uploader alone (the safe default).
 * Provide it from a @Global() module (exported) so the attachments module can see it without
 * importing the tickets module back.
 */
export interface TicketAccess {
  canSee(principal: Principal, ticketId: string): Promise<boolean>;
}

/** Injection token of the TicketAccess rule. */
export const TICKET_ACCESS = Symbol('TICKET_ACCESS');
