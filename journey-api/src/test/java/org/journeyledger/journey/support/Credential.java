package org.journeyledger.journey.support;

import java.net.http.HttpRequest;

/**
 * How a test request authenticates: an API key, a bearer token, or nothing.
 */
public sealed interface Credential {

    /** Adds the credential's header to the request. */
    HttpRequest.Builder applyTo(HttpRequest.Builder request);

    static Credential apiKey(String secret) {
        return new ApiKey(secret);
    }

    static Credential bearer(String token) {
        return new Bearer(token);
    }

    static Credential none() {
        return new None();
    }

    record ApiKey(String secret) implements Credential {
        @Override
        public HttpRequest.Builder applyTo(HttpRequest.Builder request) {
            return request.header("X-API-Key", secret);
        }
    }

    record Bearer(String token) implements Credential {
        @Override
        public HttpRequest.Builder applyTo(HttpRequest.Builder request) {
            return request.header("Authorization", "Bearer " + token);
        }
    }

    record None() implements Credential {
        @Override
        public HttpRequest.Builder applyTo(HttpRequest.Builder request) {
            return request;
        }
    }
}
