package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierNormalizer;
import org.journeyledger.journey.identity.IdentityGuardrails;
import org.journeyledger.journey.identity.InvalidIdentifierException;
import org.journeyledger.journey.ledger.StorableText;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a touchpoint as a channel sent it (HTTP body or Kafka record) into a validated {@link Touchpoint} with
 * normalised identifiers, or names every field that is wrong. HTTP and Kafka share this one parser so that both
 * paths accept and refuse exactly the same input.
 * <p>
 * The JSON is read field by field rather than bound to {@link TouchpointEnvelope}: a binder coerces a number into a
 * text field and stops at the first mismatch, where a channel needs every wrong field named at once.
 */
@Component
public class TouchpointParser {

    static final int MAX_IDENTIFIERS = 50;
    /** Fields of the envelope, as {@link TouchpointEnvelope} documents them. */
    static final Set<String> FIELDS = Set.of("source", "sourceEventId", "channel", "type", "occurredAt",
            "identifiers", "conversationId", "actor", "data");
    static final Set<String> IDENTIFIER_FIELDS = Set.of("type", "value");
    /** Deepest nesting of {@code data}: the stored event wraps it in more levels, and JSON readers stop at 1000. */
    static final int MAX_DATA_DEPTH = 32;
    static final int MAX_NAME_LENGTH = 128;
    /** PostgreSQL's numbers hold up to 131,072 digits before the point and 16,383 after; no channel needs a thousand. */
    static final int MAX_NUMBER_DIGITS = 1000;
    /** Most problems listed in one refusal: enough to fix, and the answer (or dead letter) stays small. */
    static final int MAX_PROBLEMS = 100;
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private final ObjectMapper mapper;
    private final IdentifierNormalizer normalizer;
    private final ChannelCatalogue channels;
    private final IdentityGuardrails guardrails;
    private final JourneyProperties.Ingest limits;
    private final Clock clock;

    public TouchpointParser(ObjectMapper mapper, IdentifierNormalizer normalizer, ChannelCatalogue channels,
                            IdentityGuardrails guardrails, JourneyProperties properties, Clock clock) {
        this.mapper = mapper;
        this.normalizer = normalizer;
        this.channels = channels;
        this.guardrails = guardrails;
        this.limits = properties.ingest();
        this.clock = clock;
    }

    /**
     * Parses a touchpoint that arrived as raw bytes (a Kafka record value): strict UTF-8, then JSON, then
     * {@link #parse(JsonNode)}. Malformed input is refused with the same wording as on HTTP.
     *
     * @throws InvalidFieldsException naming the body ({@code ""}) or each offending field; nothing has been stored
     */
    public Touchpoint parse(byte[] utf8Json) {
        if (utf8Json == null || utf8Json.length == 0) {
            throw new InvalidFieldsException("", "is missing; send the touchpoint as a JSON object");
        }
        // The HTTP body's limit: a cluster may allow larger records, and one touchpoint never needs more.
        if (utf8Json.length > limits.maxBodySize().toBytes()) {
            throw new InvalidFieldsException("", "is " + utf8Json.length + " bytes; a touchpoint may have at most "
                    + limits.maxBodySize().toBytes());
        }
        String text;
        try {
            // Strict: a replacement character silently put into an identifier would make a different customer.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8Json)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidFieldsException("", "is not UTF-8 text; send the touchpoint as UTF-8 encoded JSON");
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidFieldsException("", "is malformed JSON" + (at == null ? "" : " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        return parse(json);
    }

    /**
     * @throws InvalidFieldsException naming each offending field; nothing has been stored
     */
    public Touchpoint parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidFieldsException("", "must be a JSON object with the touchpoint's fields");
        }
        List<FieldProblem> problems = new ArrayList<>();
        unknownFields(problems, json, "", FIELDS, "is not a field of a touchpoint");
        String source = text(problems, json, "source", "source", 128, true);
        String sourceEventId = text(problems, json, "sourceEventId", "sourceEventId", 256, true);
        String channel = text(problems, json, "channel", "channel", 64, true);
        if (channel != null && !channels.isKnown(channel)) {
            problems.add(new FieldProblem("channel", "'" + channel + "' is not a known channel; known channels are "
                    + channels.names()));
        }
        String type = text(problems, json, "type", "type", 64, true);
        if (type != null && !TYPE_NAME.matcher(type).matches()) {
            problems.add(new FieldProblem("type", "must be lower-case snake case, e.g. 'purchase'"));
            type = null;
        }
        Instant occurredAt = instant(problems, json);
        List<Identifier> identifiers = identifiers(problems, json.get("identifiers"));
        String conversationId = text(problems, json, "conversationId", "conversationId", 256, false);
        String actor = text(problems, json, "actor", "actor", 256, false);
        ObjectNode data = data(problems, json.get("data"));
        TouchpointDetails details = null;
        if (data != null) {
            try {
                details = TouchpointTypes.read(type, data, conversationId, occurredAt);
            } catch (InvalidTouchpointDataException e) {
                e.problems().forEach(p -> problems.add(new FieldProblem(p.field(), p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(atMostSome(problems));
        }
        return new Touchpoint(source, sourceEventId, channel, type, occurredAt, identifiers, conversationId, actor,
                data, details);
    }

    /**
     * The text of a field: absent, null and blank are missing; any other JSON type than a string is refused rather
     * than coerced (a loyalty card sent as a number has already lost its leading zeros).
     *
     * @return the text, or null when it is missing or refused
     */
    private static String text(List<FieldProblem> problems, JsonNode object, String name, String path,
                               int maxLength, boolean required) {
        JsonNode node = object.get(name);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add(new FieldProblem(path, "must be a string"));
            return null;
        }
        String value = node == null || node.isNull() ? null : node.textValue();
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(path, "is required"));
            }
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(new FieldProblem(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl) || StorableText.hasUnpairedSurrogate(value)) {
            problems.add(new FieldProblem(path, "must not contain control characters or unpaired surrogates"));
            return null;
        }
        return value;
    }

    private Instant instant(List<FieldProblem> problems, JsonNode json) {
        String value = text(problems, json, "occurredAt", "occurredAt", 64, true);
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("occurredAt",
                    "'" + value + "' is not an ISO-8601 instant with an offset, e.g. 2026-03-14T10:15:30Z"));
            return null;
        }
        if (instant.isBefore(EARLIEST)) {
            problems.add(new FieldProblem("occurredAt", "must not be before 1970-01-01T00:00:00Z"));
        } else if (instant.isAfter(clock.instant().plus(limits.maxFutureSkew()))) {
            problems.add(new FieldProblem("occurredAt", "lies more than " + limits.maxFutureSkew()
                    + " in the future; check the sending system's clock and time zone"));
        }
        return instant;
    }

    private List<Identifier> identifiers(List<FieldProblem> problems, JsonNode inputs) {
        if (inputs == null || inputs.isNull() || (inputs.isArray() && inputs.isEmpty())) {
            problems.add(new FieldProblem("identifiers", "must list at least one {type, value}"));
            return List.of();
        }
        if (!inputs.isArray()) {
            problems.add(new FieldProblem("identifiers", "must be an array of {type, value} objects"));
            return List.of();
        }
        if (inputs.size() > MAX_IDENTIFIERS) {
            problems.add(new FieldProblem("identifiers", "must list at most " + MAX_IDENTIFIERS + " identifiers"));
            return List.of();
        }
        // Two spellings of one identifier in the same touchpoint are one identifier.
        Set<Identifier> identifiers = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = inputs.get(i);
            String at = "identifiers[" + i + "]";
            if (!input.isObject()) {
                problems.add(new FieldProblem(at, "must be an object {type, value}"));
                continue;
            }
            unknownFields(problems, input, at, IDENTIFIER_FIELDS, "is not a field of an identifier");
            String type = text(problems, input, "type", at + ".type", 64, true);
            JsonNode valueNode = input.get("value");
            if (valueNode != null && !valueNode.isNull() && !valueNode.isTextual()) {
                problems.add(new FieldProblem(at + ".value", "must be a string"));
                continue;
            }
            if (type == null) {
                continue;
            }
            String value = valueNode == null ? null : valueNode.textValue();
            try {
                identifiers.add(normalizer.normalize(type, value));
            } catch (InvalidIdentifierException e) {
                // Junk a channel fills in ("unknown", 0000000000) is kept on the touchpoint as sent, never linked.
                Optional<Identifier> junk = e.isUnknownType() ? Optional.empty() : guardrails.blocked(type, value);
                if (junk.isPresent()) {
                    identifiers.add(junk.get());
                } else {
                    problems.add(new FieldProblem(at + (e.isUnknownType() ? ".type" : ".value"), e.getMessage()));
                }
            }
        }
        return List.copyOf(identifiers);
    }

    /** The data object ({@code {}} when absent), or null when it is not one and has been refused. */
    private static ObjectNode data(List<FieldProblem> problems, JsonNode node) {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem("data", "must be a JSON object"));
            return null;
        }
        storable(problems, node, "data", 1);
        return (ObjectNode) node;
    }

    /**
     * Refuses what a stored event could not carry: nesting deeper than {@link #MAX_DATA_DEPTH}, field names longer
     * than {@link #MAX_NAME_LENGTH}, text with a NUL character or an unpaired surrogate, and numbers such as
     * {@code 1e-999999999}. PostgreSQL's JSON refuses those, and a timeline that cannot take one event stops for
     * every customer.
     */
    private static void storable(List<FieldProblem> problems, JsonNode node, String path, int depth) {
        if (node.isTextual()) {
            if (!StorableText.isStorable(node.textValue())) {
                problems.add(new FieldProblem(path, "must not contain NUL characters or unpaired surrogates"));
            }
            return;
        }
        if (node.isBigDecimal() || node.isBigInteger()) {
            BigDecimal number = node.decimalValue();
            if (number.scale() > MAX_NUMBER_DIGITS || number.precision() - number.scale() > MAX_NUMBER_DIGITS) {
                problems.add(new FieldProblem(path, "must be a number of at most " + MAX_NUMBER_DIGITS
                        + " digits before and after the point"));
            }
            return;
        }
        if (!node.isContainerNode()) {
            return;
        }
        if (depth > MAX_DATA_DEPTH) {
            problems.add(new FieldProblem(path, "nests deeper than " + MAX_DATA_DEPTH + " levels in data"));
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                storable(problems, node.get(i), path + "[" + i + "]", depth + 1);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().length() > MAX_NAME_LENGTH || !StorableText.isStorable(field.getKey())) {
                // The name itself is not repeated: it is what cannot be stored (or is too long to echo).
                problems.add(new FieldProblem(path, "has a field name longer than " + MAX_NAME_LENGTH
                        + " characters or with a NUL character or an unpaired surrogate"));
            } else {
                storable(problems, field.getValue(), path + "." + field.getKey(), depth + 1);
            }
        }
    }

    private static void unknownFields(List<FieldProblem> problems, JsonNode object, String at, Set<String> known,
                                      String message) {
        object.fieldNames().forEachRemaining(name -> {
            if (known.contains(name)) {
                return;
            }
            if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)
                    || StorableText.hasUnpairedSurrogate(name)) {
                problems.add(new FieldProblem(at, "has a field that is not one of " + known.stream().sorted().toList()
                        + ", with a name too long or too strange to repeat"));
            } else {
                problems.add(new FieldProblem(at.isEmpty() ? name : at + "." + name, message));
            }
        });
    }

    private static List<FieldProblem> atMostSome(List<FieldProblem> problems) {
        if (problems.size() <= MAX_PROBLEMS) {
            return problems;
        }
        List<FieldProblem> some = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        some.add(new FieldProblem("", (problems.size() - MAX_PROBLEMS) + " more problems are not listed; fix these "
                + "first"));
        return some;
    }
}
