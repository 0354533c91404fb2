package org.journeyledger.journey.identity;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.problem.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Possible matches on weak identifiers: proposed when a touchpoint carries a weak identifier someone else owns,
 * decided by an agent. One row per pair of customers, so a pair is proposed once and a rejected pair never again.
 */
@Service
public class PossibleMatches {

    /** A proposed match between two customers, as stored. */
    record Match(String matchId, CustomerId low, CustomerId high, Identifier identifier, String status) {
    }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final CustomerRegistry registry;
    private final Merges merges;

    PossibleMatches(JdbcTemplate jdbc, CommandGateway commands, CustomerRegistry registry, Merges merges) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.registry = registry;
        this.merges = merges;
    }

    /** Proposes the pair unless it was proposed before, recording the proposal on both customers. */
    public void propose(CustomerId customer, CustomerId other, Identifier identifier, String touchpointEventId,
                        Instant at) {
        String matchId = UUID.randomUUID().toString();
        boolean firstTime = customer.value().compareTo(other.value()) < 0
                ? insert(matchId, customer, other, identifier, at) : insert(matchId, other, customer, identifier, at);
        if (!firstTime) {
            return;
        }
        commands.sendAndWait(new ProposeMatchCommand(customer, other, matchId, identifier, touchpointEventId));
        commands.sendAndWait(new ProposeMatchCommand(other, customer, matchId, identifier, touchpointEventId));
    }

    /**
     * The agent says the two are one person: they are merged (unless something else merged them already).
     * Runs inside the caller's transaction.
     */
    public Optional<Merges.Survivor> confirm(String matchId, String actor, Instant at) {
        Match match = lockProposed(matchId);
        CustomerId low = root(match.low());
        CustomerId high = root(match.high());
        decide(matchId, "confirmed", actor, at);
        if (low.equals(high)) {
            return Optional.empty();
        }
        return Optional.of(merges.merge(List.of(low, high), CustomersMergedEvent.MATCH_CONFIRMED, matchId,
                List.of(match.identifier()), actor));
    }

    /** The agent says the two are different people; the pair is not proposed again. Inside the caller's transaction. */
    public void reject(String matchId, String actor, String reason, Instant at) {
        Match match = lockProposed(matchId);
        CustomerId low = root(match.low());
        CustomerId high = root(match.high());
        if (low.equals(high)) {
            throw new MergeRefusedException("The customers of match " + matchId + " were merged meanwhile; undo that "
                    + "merge instead");
        }
        decide(matchId, "rejected", actor, at);
        commands.sendAndWait(new RejectMatchCommand(low, high, matchId, actor, reason));
        commands.sendAndWait(new RejectMatchCommand(high, low, matchId, actor, reason));
    }

    private boolean insert(String matchId, CustomerId low, CustomerId high, Identifier identifier, Instant at) {
        return jdbc.update("""
                INSERT INTO possible_match (match_id, customer_low, customer_high, identifier_type, identifier_value,
                                            status, proposed_at)
                VALUES (?, ?, ?, ?, ?, 'proposed', ?) ON CONFLICT (customer_low, customer_high) DO NOTHING
                """, matchId, low.value(), high.value(), identifier.type(), identifier.value(),
                Timestamp.from(at)) == 1;
    }

    private Match lockProposed(String matchId) {
        Match match = jdbc.query("SELECT match_id, customer_low, customer_high, identifier_type, identifier_value,"
                                + " status FROM possible_match WHERE match_id = ? FOR UPDATE",
                        (rs, row) -> new Match(rs.getString(1), CustomerId.of(rs.getString(2)),
                                CustomerId.of(rs.getString(3)), new Identifier(rs.getString(4), rs.getString(5)),
                                rs.getString(6)), matchId)
                .stream().findFirst()
                .orElseThrow(() -> new NotFoundException("No possible match has the id " + matchId));
        if (!match.status().equals("proposed")) {
            throw new MergeRefusedException("Match " + matchId + " was " + match.status() + " already");
        }
        return match;
    }

    private void decide(String matchId, String status, String actor, Instant at) {
        jdbc.update("UPDATE possible_match SET status = ?, decided_at = ?, decided_by = ? WHERE match_id = ?", status,
                Timestamp.from(at), actor, matchId);
    }

    private CustomerId root(CustomerId customer) {
        return registry.rootOf(customer.value()).orElse(customer);
    }
}
