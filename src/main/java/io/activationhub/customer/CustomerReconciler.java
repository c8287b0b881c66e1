package io.activationhub.customer;

import io.activationhub.feed.FeedRun;
import io.activationhub.feed.FeedRunLedger;
import io.activationhub.ingest.LoyaltyMemberFormat;
import io.activationhub.ingest.PndReturnFormat;
import io.activationhub.ingest.PosTicketFormat;
import io.activationhub.ingest.PosTickets;
import io.activationhub.registration.RegistrationReconciliation;
import io.activationhub.returns.PndReturns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Turns what feeds stored into customers: loyalty members become (or update) golden records with their identities and
 * consents, and till tickets are linked to the customer holding their card. Works run by run and only on what is new,
 * so it is safe to call again (from the Kafka announcement of a run and from the periodic sweep alike).
 */
@Component("customerReconciler")
public class CustomerReconciler {

    private static final Logger log = LoggerFactory.getLogger(CustomerReconciler.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final FeedRunLedger ledger;
    private final TransactionTemplate tx;
    private final LoyaltyMemberReconciliation members;
    private final RegistrationReconciliation registrations;
    private final PndReturns pndReturns;

    public CustomerReconciler(NamedParameterJdbcTemplate jdbc, FeedRunLedger ledger, TransactionTemplate tx,
                              LoyaltyMemberReconciliation members, RegistrationReconciliation registrations,
                              PndReturns pndReturns) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.tx = tx;
        this.members = members;
        this.registrations = registrations;
        this.pndReturns = pndReturns;
    }

    /**
     * Reconciles every successful run not reconciled yet, loyalty first so that tickets find their card holders, then
     * web registrations, then PND returns (which flag the addresses customers have once the members are in).
     *
     * @return what changed, or an empty summary when there was nothing to do
     */
    public synchronized ReconciliationSummary reconcilePending() {
        ReconciliationSummary total = ReconciliationSummary.NONE;
        for (FeedRun run : ledger.unreconciled(LoyaltyMemberFormat.FEED_ID)) {
            total = total.plus(tx.execute(s -> {
                if (!ledger.claimForReconciliation(run.id())) {
                    return ReconciliationSummary.NONE;
                }
                ReconciliationSummary r = members.reconcileRun(run.id());
                int linked = linkTicketsOfNewCards(run.id());
                ledger.markReconciled(run.id());
                return r.plus(new ReconciliationSummary(0, 0, linked, List.of(run.id())));
            }));
        }
        for (FeedRun run : ledger.unreconciled(PosTicketFormat.FEED_ID)) {
            total = total.plus(tx.execute(s -> {
                if (!ledger.claimForReconciliation(run.id())) {
                    return ReconciliationSummary.NONE;
                }
                int linked = PosTickets.linkRunToCardHolders(jdbc, run.id());
                ledger.markReconciled(run.id());
                return new ReconciliationSummary(0, 0, linked, List.of(run.id()));
            }));
        }
        total = total.plus(registrations.reconcilePending());
        for (FeedRun run : ledger.unreconciled(PndReturnFormat.FEED_ID)) {
            total = total.plus(tx.execute(s -> {
                if (!ledger.claimForReconciliation(run.id())) {
                    return ReconciliationSummary.NONE;
                }
                int flagged = pndReturns.applyRun(run.id());
                ledger.markReconciled(run.id());
                log.info("PND run {}: returned addresses suppressed; {} customers still living there flagged undeliverable",
                        run.id(), flagged);
                return new ReconciliationSummary(0, 0, 0, List.of(run.id()));
            }));
        }
        if (!total.runs().isEmpty()) {
            log.info("Reconciled runs {}: {} customers created, {} updated, {} ticket lines linked",
                    total.runs().stream().distinct().toList(), total.created(), total.updated(), total.ticketLinesLinked());
        }
        return total;
    }

    /** Tickets that arrived before their card holder's loyalty record; returns their lines. */
    private int linkTicketsOfNewCards(long loyaltyRunId) {
        return PosTickets.updateCountingLines(jdbc, """
                update pos_ticket p set customer_id = m.customer_id
                from loyalty_member m
                where m.run_id = :run and m.customer_id is not null
                  and p.card_number = m.card_number and p.customer_id is null
                returning p.ticket_key""", new MapSqlParameterSource("run", loyaltyRunId));
    }
}
