package org.journeyledger.journey.identity;

import org.journeyledger.journey.customer.CustomerId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The owners of a group of touchpoints' identifiers, read from the identity index in one query when the group's
 * transaction starts ({@link IdentifierOwners#knownOwnersOf}) and kept current with what the group itself changes:
 * its claims and its merges. Anything another transaction commits meanwhile surfaces as it did with a query per
 * identifier: a claim of an identifier already claimed violates the index's key, a command to a customer merged
 * meanwhile is refused, and either repeats the group.
 */
public final class KnownOwners {

    private final Map<Identifier, CustomerId> owners;

    KnownOwners(Map<Identifier, CustomerId> owners) {
        this.owners = owners;
    }

    /** The owners of those of the given identifiers that have one, in a map the caller may change. */
    public Map<Identifier, CustomerId> ownersOf(Collection<Identifier> identifiers) {
        Map<Identifier, CustomerId> found = new HashMap<>();
        for (Identifier identifier : identifiers) {
            CustomerId owner = owners.get(identifier);
            if (owner != null) {
                found.put(identifier, owner);
            }
        }
        return found;
    }

    /** Every customer owning one of the group's identifiers when it began: those its commands will load. */
    public Set<String> customers() {
        Set<String> customers = new HashSet<>();
        owners.values().forEach(owner -> customers.add(owner.value()));
        return customers;
    }

    /** The group claimed {@code identifier} for {@code customerId} ({@link IdentifierOwners#claim}). */
    public void claimed(Identifier identifier, CustomerId customerId) {
        owners.put(identifier, customerId);
    }

    /** The group merged {@code absorbed} into {@code survivor}, which now owns all they owned. */
    public void merged(Collection<CustomerId> absorbed, CustomerId survivor) {
        owners.replaceAll((identifier, owner) -> absorbed.contains(owner) ? survivor : owner);
    }
}
