package org.journeyledger.journey.identity;

import org.journeyledger.journey.customer.CustomerId;

/**
 * A command reached a customer that has been merged into another. Writers that resolved the customer just before a
 * concurrent merge committed see this; they resolve again and find the survivor.
 */
public class CustomerMergedException extends RuntimeException {

    private final CustomerId survivorId;

    public CustomerMergedException(CustomerId customerId, CustomerId survivorId) {
        super("Customer " + customerId + " was merged into " + survivorId);
        this.survivorId = survivorId;
    }

    public CustomerId survivorId() {
        return survivorId;
    }
}
