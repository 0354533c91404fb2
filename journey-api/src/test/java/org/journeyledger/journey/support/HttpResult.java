package org.journeyledger.journey.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A response as a test sees it: status, content type and the JSON body (a missing node when empty).
 */
public record HttpResult(int status, String contentType, JsonNode body) {

    /** The problem's errors[].field values, for asserting which fields a refusal names. */
    public java.util.List<String> errorFields() {
        java.util.List<String> fields = new java.util.ArrayList<>();
        body.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }
}
