package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.JourneyProperties;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.identity.IdentifierNormalizer;
import org.journeyledger.journey.identity.IdentityGuardrails;
import org.journeyledger.journey.identity.InvalidIdentifierException;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a touchpoint as a channel sent it (HTTP body or Kafka record) into a validated {@link Touchpoint} with
 * normalised identifiers, or names every field that is wrong. HTTP and Kafka share this one parser so that both
 * paths accept and refuse exactly the same input.
 */
@Component
public class TouchpointParser {

    static final int MAX_IDENTIFIERS = 50;
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
        TouchpointEnvelope envelope;
        try {
            envelope = mapper.treeToValue(json, TouchpointEnvelope.class);
        } catch (JsonMappingException e) {
            throw new InvalidFieldsException(path(e), "has the wrong JSON type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidFieldsException("", e.getOriginalMessage());
        }
        return validate(envelope);
    }

    private Touchpoint validate(TouchpointEnvelope in) {
        List<FieldProblem> problems = new ArrayList<>();
        in.unknownFields.keySet().forEach(name -> problems.add(new FieldProblem(name, "is not a field of a touchpoint")));
        text(problems, "source", in.source, 128, true);
        text(problems, "sourceEventId", in.sourceEventId, 256, true);
        if (text(problems, "channel", in.channel, 64, true) && !channels.isKnown(in.channel)) {
            problems.add(new FieldProblem("channel", "'" + in.channel + "' is not a known channel; known channels are "
                    + channels.names()));
        }
        if (text(problems, "type", in.type, 64, true) && !TYPE_NAME.matcher(in.type).matches()) {
            problems.add(new FieldProblem("type", "must be lower-case snake case, e.g. 'purchase'"));
        }
        Instant occurredAt = instant(problems, in.occurredAt);
        List<Identifier> identifiers = identifiers(problems, in.identifiers);
        text(problems, "conversationId", in.conversationId, 256, false);
        text(problems, "actor", in.actor, 256, false);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (in.data != null && !in.data.isNull()) {
            if (in.data.isObject()) {
                data = (ObjectNode) in.data;
            } else {
                problems.add(new FieldProblem("data", "must be a JSON object"));
            }
        }
        TouchpointDetails details = null;
        try {
            details = TouchpointTypes.read(in.type, data, in.conversationId, occurredAt);
        } catch (InvalidTouchpointDataException e) {
            e.problems().forEach(p -> problems.add(new FieldProblem(p.field(), p.message())));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        return new Touchpoint(in.source, in.sourceEventId, in.channel, in.type, occurredAt, identifiers,
                in.conversationId, in.actor, data, details);
    }

    private static boolean text(List<FieldProblem> problems, String field, String value, int maxLength,
                                boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return false;
        }
        if (value.length() > maxLength) {
            problems.add(new FieldProblem(field, "must be at most " + maxLength + " characters"));
            return false;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "must not contain control characters"));
            return false;
        }
        return true;
    }

    private Instant instant(List<FieldProblem> problems, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem("occurredAt", "is required"));
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

    private List<Identifier> identifiers(List<FieldProblem> problems, List<TouchpointEnvelope.IdentifierInput> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            problems.add(new FieldProblem("identifiers", "must list at least one {type, value}"));
            return List.of();
        }
        if (inputs.size() > MAX_IDENTIFIERS) {
            problems.add(new FieldProblem("identifiers", "must list at most " + MAX_IDENTIFIERS + " identifiers"));
            return List.of();
        }
        // Two spellings of one identifier in the same touchpoint are one identifier.
        Set<Identifier> identifiers = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            TouchpointEnvelope.IdentifierInput input = inputs.get(i);
            String at = "identifiers[" + i + "]";
            if (input == null) {
                problems.add(new FieldProblem(at, "must be an object {type, value}"));
                continue;
            }
            input.unknownFields.keySet().forEach(name ->
                    problems.add(new FieldProblem(at + "." + name, "is not a field of an identifier")));
            if (input.type == null || input.type.isBlank()) {
                problems.add(new FieldProblem(at + ".type", "is required"));
                continue;
            }
            try {
                identifiers.add(normalizer.normalize(input.type, input.value));
            } catch (InvalidIdentifierException e) {
                // Junk a channel fills in ("unknown", 0000000000) is kept on the touchpoint as sent, never linked.
                Optional<Identifier> junk = e.isUnknownType() ? Optional.empty()
                        : guardrails.blocked(input.type, input.value);
                if (junk.isPresent()) {
                    identifiers.add(junk.get());
                } else {
                    problems.add(new FieldProblem(at + (e.isUnknownType() ? ".type" : ".value"), e.getMessage()));
                }
            }
        }
        return List.copyOf(identifiers);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
