package org.journeyledger.journey.touchpoint;

import java.util.List;

/**
 * The touchpoint's identifiers belong to more than one customer. Until merging is supported the ledger refuses it
 * rather than guess which customer it is about.
 */
public class ConflictingCustomersException extends RuntimeException {

    private final List<String> customerIds;

    ConflictingCustomersException(List<String> customerIds) {
        super("The touchpoint's identifiers belong to different customers " + customerIds
                + "; send it with the identifiers of one customer only (merging customers is not supported yet)");
        this.customerIds = List.copyOf(customerIds);
    }

    public List<String> customerIds() {
        return customerIds;
    }
}
