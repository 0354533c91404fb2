package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the JSON fields a class does not declare, so the parser can refuse them by name instead of ignoring them.
 */
abstract class UnknownFields {

    @JsonIgnore
    final Map<String, JsonNode> unknownFields = new TreeMap<>();

    @JsonAnySetter
    void unknownField(String name, JsonNode value) {
        unknownFields.put(name, value);
    }
}
