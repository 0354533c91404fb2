package org.journeyledger.journey.security;

import org.springframework.security.core.AuthenticationException;

/** An {@code X-API-Key} that matches no active key; answered with 401. */
class BadApiKeyException extends AuthenticationException {

    BadApiKeyException(String message) {
        super(message);
    }
}
