package org.journeyledger.journey.identity;

import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.problem.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity index: which customer owns each identifier. Its primary key on (type, value) is what guarantees an
 * identifier one owner: a claim is inserted in the same transaction as the events that link the identifier, so two
 * concurrent first touchpoints with the same new email cannot both succeed (the loser retries and finds the owner).
 */
@Repository
public class IdentifierOwners {

    private final JdbcTemplate jdbc;
    private final CustomerRegistry registry;

    public IdentifierOwners(JdbcTemplate jdbc, CustomerRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /** The owners of a group's identifiers, read in one query, for the group to keep current as it goes. */
    public KnownOwners knownOwnersOf(Collection<Identifier> identifiers) {
        Map<Identifier, CustomerId> owners = new HashMap<>();
        if (!identifiers.isEmpty()) {
            jdbc.query("""
                    SELECT o.identifier_type, o.identifier_value, o.customer_id
                    FROM identifier_owner o JOIN unnest(?::varchar[], ?::varchar[]) AS wanted(t, v)
                        ON o.identifier_type = wanted.t AND o.identifier_value = wanted.v
                    """, (ResultSet row) -> {
                owners.put(new Identifier(row.getString(1), row.getString(2)), CustomerId.of(row.getString(3)));
            }, identifiers.stream().map(Identifier::type).toArray(String[]::new),
                    identifiers.stream().map(Identifier::value).toArray(String[]::new));
        }
        return new KnownOwners(owners);
    }

    public Optional<CustomerId> ownerOf(Identifier identifier) {
        List<String> owners = jdbc.queryForList(
                "SELECT customer_id FROM identifier_owner WHERE identifier_type = ? AND identifier_value = ?",
                String.class, identifier.type(), identifier.value());
        return owners.stream().findFirst().map(CustomerId::of);
    }

    /**
     * Claims an identifier for a customer inside the caller's transaction.
     *
     * @throws org.springframework.dao.DuplicateKeyException when another transaction claimed it first
     */
    public void claim(Identifier identifier, CustomerId customerId, Instant at) {
        jdbc.update("INSERT INTO identifier_owner (identifier_type, identifier_value, customer_id, linked_at)"
                        + " VALUES (?, ?, ?, ?)",
                identifier.type(), identifier.value(), customerId.value(), Timestamp.from(at));
    }

    /** How many identifiers of this type the customer owns (for the per-type guardrail). */
    public int countOwned(CustomerId customerId, String type) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM identifier_owner WHERE customer_id = ? AND identifier_type = ?",
                Long.class, customerId.value(), type);
        return n == null ? 0 : n.intValue();
    }

    /** A merge: the survivor owns everything the absorbed customer owned. */
    void moveAll(CustomerId from, CustomerId to) {
        jdbc.update("UPDATE identifier_owner SET customer_id = ? WHERE customer_id = ?", to.value(), from.value());
    }

    /** Undoing a merge: these identifiers, where the survivor owns them, go back. */
    void giveBack(Collection<Identifier> identifiers, CustomerId from, CustomerId to) {
        for (Identifier identifier : identifiers) {
            jdbc.update("UPDATE identifier_owner SET customer_id = ? WHERE identifier_type = ? AND identifier_value = ?"
                    + " AND customer_id = ?", to.value(), identifier.type(), identifier.value(), from.value());
        }
    }

    /**
     * The customer that answers for this id today: the customer itself, or the survivor of the merges that absorbed
     * it, for endpoints addressed by customer id.
     *
     * @throws NotFoundException when the ledger has no such customer
     */
    public CustomerId requireKnownCustomer(String customerId) {
        return registry.rootOf(customerId)
                .orElseThrow(() -> new NotFoundException("No customer has the id " + customerId));
    }

    /**
     * Releases every identifier of an erased customer inside the caller's transaction: they no longer resolve, and
     * a later touchpoint with one of them starts a new customer.
     *
     * @return how many identifiers were released
     */
    public int releaseAllOf(CustomerId customerId) {
        return jdbc.update("DELETE FROM identifier_owner WHERE customer_id = ?", customerId.value());
    }
}
