package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of a typed touchpoint's {@code data} object, collecting a {@link DataProblem} for every missing or
 * malformed one so that a channel learns all its mistakes in one answer. Fields not read are allowed: channels may
 * send more context than the type needs.
 */
public final class TouchpointData {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /**
     * Longest numeric string read: parsing a number is quadratic in its digits, and no amount or score needs more.
     */
    private static final int MAX_NUMBER_LENGTH = 64;
    /**
     * Most decimals (and largest exponent) of a decimal number. A value such as {@code 1e-999999999} lies within any
     * range, but rounding it later would mean computing a power of ten with a billion digits.
     */
    private static final int MAX_SCALE = 20;
    /**
     * Instants in {@code data} lie between these. Instants beyond year 9999 do not fit PostgreSQL's timestamps (a
     * promise's deadline is scheduled in one) nor the ISO-8601 text without a sign that readers expect.
     */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ObjectNode data;
    private final String conversationId;
    private final Instant occurredAt;
    private final String prefix;
    private final List<DataProblem> problems;

    /**
     * @param data           the touchpoint's data object
     * @param conversationId the envelope's conversation id, for types that need one
     * @param occurredAt     the envelope's time, for rules relative to it (null if it was invalid)
     */
    public TouchpointData(ObjectNode data, String conversationId, Instant occurredAt) {
        this(data, conversationId, occurredAt, "data.", new ArrayList<>());
    }

    private TouchpointData(ObjectNode data, String conversationId, Instant occurredAt, String prefix,
                           List<DataProblem> problems) {
        this.data = data;
        this.conversationId = conversationId;
        this.occurredAt = occurredAt;
        this.prefix = prefix;
        this.problems = problems;
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
        if (!node.isNumber() && !node.isTextual()) {
            problem(field, "must be a number");
            return null;
        }
        if (node.isTextual() && node.textValue().strip().length() > MAX_NUMBER_LENGTH) {
            problem(field, "must be a number of at most " + MAX_NUMBER_LENGTH + " characters");
            return null;
        }
        BigDecimal value;
        try {
            // A double node (a mapper without USE_BIG_DECIMAL_FOR_FLOATS) may be infinite: that fails here too.
            value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.textValue().strip());
        } catch (NumberFormatException e) {
            problem(field, "must be a number");
            return null;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problem(field, "must be between " + min + " and " + max);
            return null;
        }
        if (value.scale() > MAX_SCALE || value.scale() < -MAX_SCALE) {
            problem(field, "must be written with at most " + MAX_SCALE + " decimals and no exponent beyond "
                    + MAX_SCALE + ", e.g. 12.50");
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
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problem(field, "'" + text + "' is not an ISO-8601 instant with an offset, e.g. 2026-03-14T10:15:30Z");
            return null;
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            problem(field, "must lie between " + EARLIEST + " and " + LATEST);
            return null;
        }
        return instant;
    }

    /** A decimal number within [min, max] that must be present. */
    public BigDecimal requiredDecimal(String field, BigDecimal min, BigDecimal max) {
        BigDecimal value = optionalDecimal(field, min, max);
        if (value == null && !hasProblem(field)) {
            problem(field, "is required");
        }
        return value;
    }

    /**
     * An amount of money: a decimal string or JSON number, read from its exact text (never through a double), not
     * negative and with no more decimals than the currency has (EUR 2, JPY 0).
     */
    public BigDecimal requiredAmount(String field, Currency currency) {
        BigDecimal value = requiredDecimal(field, BigDecimal.ZERO, new BigDecimal("1000000000"));
        if (value != null && currency != null && currency.getDefaultFractionDigits() >= 0
                && value.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            problem(field, "has more decimals than " + currency.getCurrencyCode() + " allows ("
                    + currency.getDefaultFractionDigits() + ")");
            return null;
        }
        return value;
    }

    /** An ISO 4217 currency code of three upper-case letters, e.g. EUR. */
    public Currency requiredCurrency(String field) {
        String code = requiredText(field, 3);
        if (code == null) {
            return null;
        }
        if (CURRENCY.matcher(code).matches()) {
            try {
                return Currency.getInstance(code);
            } catch (IllegalArgumentException e) {
                // falls through to the problem below
            }
        }
        problem(field, "'" + code + "' is not an ISO 4217 currency code, e.g. EUR");
        return null;
    }

    public Boolean requiredBoolean(String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            problem(field, "is required");
            return null;
        }
        if (!node.isBoolean()) {
            problem(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    public Integer requiredInteger(String field, int min, int max) {
        Integer value = optionalInteger(field, min, max);
        if (value == null && !hasProblem(field)) {
            problem(field, "is required");
        }
        return value;
    }

    /** A non-empty array of non-empty strings, each at most {@code maxLength} characters. */
    public List<String> requiredTextList(String field, int maxItems, int maxLength) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            problem(field, "must list at least one value");
            return List.of();
        }
        if (!node.isArray() || node.size() > maxItems) {
            problem(field, "must be an array of at most " + maxItems + " strings");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String value = item.isTextual() ? item.asText().strip() : "";
            if (value.isEmpty() || value.length() > maxLength) {
                problem(field + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters");
            } else {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    /**
     * The objects of a non-empty array, each to be read field by field; a problem in one names it by its position,
     * e.g. {@code data.items[2].unitPrice}.
     */
    public List<TouchpointData> requiredObjects(String field, int maxItems) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            problem(field, "must list at least one object");
            return List.of();
        }
        if (!node.isArray() || node.size() > maxItems) {
            problem(field, "must be an array of at most " + maxItems + " objects");
            return List.of();
        }
        List<TouchpointData> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i) instanceof ObjectNode item) {
                items.add(new TouchpointData(item, conversationId, occurredAt, prefix + field + "[" + i + "].",
                        problems));
            } else {
                problem(field + "[" + i + "]", "must be an object");
            }
        }
        return items;
    }

    /** Whether any problem was found so far (in this object or any other of the same touchpoint). */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Records a problem with a field of {@code data} (or, with a leading '/', with an envelope field). */
    public void problem(String field, String message) {
        problems.add(new DataProblem(field.startsWith("/") ? field.substring(1) : prefix + field, message));
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
        return problems.stream().anyMatch(p -> p.field().equals(prefix + field));
    }
}
