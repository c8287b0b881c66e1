package io.activationhub.web;

/** A resource the API does not have; answered with 404 and the message. */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
