package io.activationhub.activation;

import java.util.List;

/**
 * One letter for the mailing house: its id (the push id, printed on the envelope so PND returns match it), the six
 * AFNOR NF Z10-011 lines (at most 38 characters each, empty lines kept as empty), the country and the message.
 * {@link #toString()} shows no address.
 */
public record PostalLetter(long pushId, long activationId, String audienceId, long customerId, List<String> lines,
                           String country, String message) {

    @Override
    public String toString() {
        return "PostalLetter[push=" + pushId + ", activation=" + activationId + ", audience=" + audienceId
                + ", customer=" + customerId + "]";
    }
}
