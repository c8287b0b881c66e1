package io.activationhub.customer;

/** An identity already belongs to another customer: attaching it here would merge two people silently. */
public class IdentityConflict extends RuntimeException {
    public IdentityConflict(String message) {
        super(message);
    }
}
