package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a typed touchpoint's {@code data} object, collecting a {@link DataProblem} for every missing or
 * malformed one so that a channel learns all its mistakes in one answer. Fields not read are allowed: channels may
 * send more context than the type needs.
 */
public final class TouchpointData {

    private final ObjectNode data;
    private final String conversationId;
    private final Instant occurredAt;
    private final List<DataProblem> problems = new ArrayList<>();

    /**
     * @param data           the touchpoint's data object
     * @param conversationId the envelope's conversation id, for types that need one
     * @param occurredAt     the envelope's time, for rules relative to it (null if it was invalid)
     */
    public TouchpointData(ObjectNode data, String conversationId, Instant occurredAt) {
        this.data = data;
        this.conversationId = conversationId;
        this.occurredAt = occurredAt;
    }

    public String conversationId() {
        return conversationId;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String requiredText(String field, int maxLength) {
        String value = optionalText(field, maxLength);
        if (value == null && !hasProblem(field)) {
            problem(field, "is required");
        }
        return value;
    }

    public String optionalText(String field, int maxLength) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problem(field, "must be a string");
            return null;
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            problem(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    public String requiredChoice(String field, Set<String> choices) {
        String value = requiredText(field, 64);
        if (value != null && !choices.contains(value)) {
            problem(field, "must be one of " + choices.stream().sorted().toList());
            return null;
        }
        return value;
    }

    /** A decimal number within [min, max]; given as a JSON number or a numeric string. */
    public BigDecimal optionalDecimal(String field, BigDecimal min, BigDecimal max) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value;
        try {
            value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().strip());
        } catch (NumberFormatException e) {
            problem(field, "must be a number");
            return null;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problem(field, "must be between " + min + " and " + max);
            return null;
        }
        return value;
    }

    public Integer optionalInteger(String field, int min, int max) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            problem(field, "must be a whole number");
            return null;
        }
        int value = node.intValue();
        if (value < min || value > max) {
            problem(field, "must be between " + min + " and " + max);
            return null;
        }
        return value;
    }

    public Instant requiredInstant(String field) {
        String text = requiredText(field, 64);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(field, "'" + text + "' is not an ISO-8601 instant with an offset, e.g. 2026-03-14T10:15:30Z");
            return null;
        }
    }

    /** Records a problem with a field of {@code data} (or, with a leading '/', with an envelope field). */
    public void problem(String field, String message) {
        problems.add(new DataProblem(field.startsWith("/") ? field.substring(1) : "data." + field, message));
    }

    /**
     * @throws InvalidTouchpointDataException if any field was missing or malformed
     */
    public void requireValid() {
        if (!problems.isEmpty()) {
            throw new InvalidTouchpointDataException(problems);
        }
    }

    private boolean hasProblem(String field) {
        return problems.stream().anyMatch(p -> p.field().equals("data." + field));
    }
}
