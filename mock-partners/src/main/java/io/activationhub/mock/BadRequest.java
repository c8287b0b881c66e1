package io.activationhub.mock;

/** A control request (under /mock) the mock cannot accept; answered with HTTP 400 and the message. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }
}
