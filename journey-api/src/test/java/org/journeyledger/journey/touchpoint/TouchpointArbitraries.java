package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.engine.SourceOfRandomness;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Touchpoint envelopes as channels send them, valid ones of every typed type and free-form ones, and the ways a
 * broken or hostile channel spoils them: a field dropped, nulled, of another JSON type, nested deep, blown up, or
 * the whole body replaced by another JSON value or by bytes that are not UTF-8.
 */
final class TouchpointArbitraries {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Generated instants lie before this, so that they are in the past of any clock the tests run with. */
    static final Instant LATEST = Instant.parse("2026-06-30T00:00:00Z");
    private static final Instant EARLIEST = Instant.parse("2024-01-01T00:00:00Z");
    /** Sorted: a set's order differs from one JVM to the next, and a fixed seed must give the same samples. */
    private static final List<String> CHANNELS = List.copyOf(new TreeSet<>(ChannelCatalogue.BUILT_IN));

    /** Writes trees of any depth: a channel's serialiser has none of the readers' limits. */
    private static final ObjectMapper WRITER = JsonMapper.builder(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build()).build();

    private TouchpointArbitraries() {
    }

    /**
     * The first {@code count} samples of the arbitrary, the same ones for the same seed, for tests that are no jqwik
     * properties. jqwik 1.9 has no public way to seed sampling: this seeds its engine's source of randomness for the
     * calling thread, which {@link Arbitrary#sampleStream()} draws from.
     */
    static <T> List<T> samples(Arbitrary<T> arbitrary, long seed, int count) {
        SourceOfRandomness.create(Long.toString(seed));
        return arbitrary.sampleStream().limit(count).toList();
    }

    /** The tree as a channel would send it: UTF-8 JSON. */
    static byte[] utf8(JsonNode tree) {
        try {
            return WRITER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A generated tree must always be writable", e);
        }
    }

    /** A valid envelope of a typed type or of a free-form one. */
    static Arbitrary<ObjectNode> validEnvelopes() {
        return Arbitraries.oneOf(List.of(typed("interaction", interaction()), typed("fact", fact()),
                typed("conversation_closed", optional(Arbitraries.create(JSON::objectNode), "resolution", text())),
                typed("issue_raised", issueRaised()), typed("issue_resolved", issueResolved()),
                typed("promise", Arbitraries.create(JSON::objectNode)), typed("promise_kept", promiseKept()),
                typed("promise_cancelled", promiseCancelled()), typed("purchase", purchase()),
                typed("return", returned()), typed("price_adjustment", priceAdjustment()), typed("deal", deal()),
                typed("deal_withdrawn", dealWithdrawn()), typed("offer", offer()), typed("preference", preference()),
                typed("consent", consent()), freeForm()));
    }

    /** A valid envelope with one to three of the spoilings of {@link #mutation()} applied. */
    static Arbitrary<JsonNode> mutatedEnvelopes() {
        return Combinators.combine(validEnvelopes(), mutation().list().ofMinSize(1).ofMaxSize(3))
                .as((envelope, mutations) -> {
                    JsonNode result = envelope;
                    for (UnaryOperator<JsonNode> mutation : mutations) {
                        result = mutation.apply(result);
                    }
                    return result;
                });
    }

    /**
     * One spoiling of a JSON tree, at a field or element chosen among all of its own (data's and the identifiers'
     * included), or of the whole tree.
     */
    static Arbitrary<UnaryOperator<JsonNode>> mutation() {
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        Arbitrary<UnaryOperator<JsonNode>> atSomeField = Combinators.combine(where, replacements())
                .as((at, replace) -> tree -> {
                    JsonNode copy = tree.deepCopy();
                    List<Tuple.Tuple2<JsonNode, Object>> places = places(copy);
                    if (places.isEmpty()) {
                        return copy;
                    }
                    Tuple.Tuple2<JsonNode, Object> place = places.get(at % places.size());
                    JsonNode old = place.get2() instanceof String name ? place.get1().get(name)
                            : place.get1().get((Integer) place.get2());
                    JsonNode replacement = replace.apply(old);
                    if (place.get1() instanceof ObjectNode object) {
                        if (replacement == null) {
                            object.remove((String) place.get2());
                        } else {
                            object.set((String) place.get2(), replacement);
                        }
                    } else {
                        ArrayNode array = (ArrayNode) place.get1();
                        if (replacement == null) {
                            array.remove((Integer) place.get2());
                        } else {
                            array.set((Integer) place.get2(), replacement);
                        }
                    }
                    return copy;
                });
        Arbitrary<UnaryOperator<JsonNode>> extraField = Combinators.combine(names(), jsonValues(2))
                .as((name, value) -> tree -> tree.isObject() ? ((ObjectNode) tree.deepCopy()).set(name, value) : tree);
        Arbitrary<UnaryOperator<JsonNode>> wholeBody = jsonValues(3).map(value -> tree -> value);
        return Arbitraries.frequencyOf(Tuple.of(12, atSomeField), Tuple.of(2, extraField), Tuple.of(1, wholeBody));
    }

    /** What a field's value becomes: null for dropped, else another value (of its own or another JSON type). */
    private static Arbitrary<UnaryOperator<JsonNode>> replacements() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(old -> null)),
                Tuple.of(3, Arbitraries.just(old -> JSON.nullNode())),
                Tuple.of(6, jsonValues(2).map(value -> old -> value)),
                Tuple.of(2, Arbitraries.integers().between(2, 1200).map(depth -> old -> nested(old, depth))),
                Tuple.of(2, hugeTexts().map(huge -> old -> JSON.textNode(huge))),
                Tuple.of(1, Arbitraries.integers().between(2, 1200).map(size -> old -> repeated(old, size))),
                Tuple.of(2, texts().map(text -> old -> old != null && old.isTextual()
                        ? JSON.textNode(old.textValue() + text) : JSON.textNode(text))));
    }

    /** Any JSON value (with the odd shapes only a tree can hold: NaN, infinities), nested at most {@code depth}. */
    static Arbitrary<JsonNode> jsonValues(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(List.of(
                Arbitraries.just(JSON.nullNode()),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(JSON::numberNode),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                        .map(JSON::numberNode),
                Arbitraries.of("1e400", "-1e400", "1e-999999999", "0E-999999999", "0E+999", "-0", "0.1",
                                "99999999999999999999999999", "49.90", "1E+5", "1e-7")
                        .map(number -> JSON.numberNode(new BigDecimal(number))),
                texts().map(JSON::textNode),
                Arbitraries.of("1e400", "1e-999999999", "NaN", "-0", " 12.50 ", "12,50", "1" + "0".repeat(300),
                        "2026-03-14T10:15:30Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                        "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "").map(JSON::textNode)));
        if (depth == 0) {
            return leaves;
        }
        return nested(leaves, names(), jsonValues(depth - 1), 4);
    }

    /** Leaves, or arrays and objects of up to {@code size} inner values (named by {@code names}). */
    private static Arbitrary<JsonNode> nested(Arbitrary<JsonNode> leaves, Arbitrary<String> names,
                                              Arbitrary<JsonNode> inner, int size) {
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(size).map(values -> {
            ArrayNode array = JSON.arrayNode();
            values.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(names, inner).ofMaxSize(size).map(fields -> {
            ObjectNode object = JSON.objectNode();
            fields.forEach(object::set);
            return object;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, leaves), Tuple.of(1, arrays), Tuple.of(1, objects));
    }

    /** Bytes as a Kafka record may hold them: anything, or an envelope's JSON broken by bytes that are not UTF-8. */
    static Arbitrary<byte[]> rawBytes() {
        Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> notUtf8 = Combinators.combine(validEnvelopes(), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF},
                                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                new byte[]{(byte) 0xE2, (byte) 0x82}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80,
                                        (byte) 0x80}))
                .as((envelope, at, bad) -> {
                    byte[] json = utf8(envelope);
                    int cut = at % (json.length + 1);
                    byte[] broken = new byte[json.length + bad.length];
                    System.arraycopy(json, 0, broken, 0, cut);
                    System.arraycopy(bad, 0, broken, cut, bad.length);
                    System.arraycopy(json, cut, broken, cut + bad.length, json.length - cut);
                    return broken;
                });
        return Arbitraries.oneOf(anything, notUtf8);
    }

    /** Text fit for a field, with the characters channels get wrong: accents, case folding, emoji, right-to-left. */
    static Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars(" -_.éßİ").ofMinLength(1)
                        .ofMaxLength(30).map(text -> "t" + text)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of("\u0000", "a\u0000b", "\u001b[2J", "\ud800", "x\udc00y", "😀",
                        "\u202eevil", "İİİ", " ", "\t", "\n", "'; DROP TABLE domain_event_entry; --")));
    }

    /** Texts just over each limit of a text field, and far over all of them (a body over 1 MB is a case of its own). */
    private static Arbitrary<String> hugeTexts() {
        return Arbitraries.of(65, 129, 257, 1001, 2001, 5001, 20_001, 100_000).map("x"::repeat);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("source", "sourceEventId", "channel", "type", "occurredAt",
                        "identifiers", "conversationId", "actor", "data", "value", "items", "quantity", "total"),
                texts(), Arbitraries.just("n".repeat(200)));
    }

    private static JsonNode nested(JsonNode value, int depth) {
        JsonNode result = value == null ? JSON.textNode("deep") : value;
        for (int i = 0; i < depth; i++) {
            result = i % 2 == 0 ? JSON.arrayNode().add(result) : JSON.objectNode().set("n", result);
        }
        return result;
    }

    /** An array of the value many times over; numbers instead when the value is large (it would multiply). */
    private static JsonNode repeated(JsonNode value, int size) {
        boolean small = value != null && value.isValueNode() && value.toString().length() < 100;
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < size; i++) {
            array.add(small ? value : JSON.numberNode(i));
        }
        return array;
    }

    /** Every (container, field name or index) of the tree. */
    private static List<Tuple.Tuple2<JsonNode, Object>> places(JsonNode tree) {
        List<Tuple.Tuple2<JsonNode, Object>> places = new ArrayList<>();
        collect(tree, places, 0);
        return places;
    }

    private static void collect(JsonNode node, List<Tuple.Tuple2<JsonNode, Object>> places, int depth) {
        if (depth > 40) {
            return;
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> places.add(Tuple.of(node, name)));
            node.elements().forEachRemaining(child -> collect(child, places, depth + 1));
        } else if (node.isArray() && node.size() <= 100) {
            for (int i = 0; i < node.size(); i++) {
                places.add(Tuple.of(node, i));
                collect(node.get(i), places, depth + 1);
            }
        }
    }

    private static Arbitrary<ObjectNode> typed(String type, Arbitrary<ObjectNode> data) {
        return Combinators.combine(envelopes(type), data).as((envelope, details) -> {
            envelope.set("data", details);
            if (type.equals("promise")) {
                Instant at = Instant.parse(envelope.get("occurredAt").textValue());
                details.put("promiseId", "p-" + envelope.get("sourceEventId").textValue())
                        .put("description", "Call back").put("dueAt", at.plusSeconds(86_400).toString());
            }
            if (type.equals("conversation_closed") && !envelope.has("conversationId")) {
                envelope.put("conversationId", "conv-" + envelope.get("sourceEventId").textValue());
            }
            return envelope;
        });
    }

    private static Arbitrary<ObjectNode> freeForm() {
        Arbitrary<String> types = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(20).map(name -> "x" + name)
                .filter(name -> !TouchpointTypes.typed().contains(name));
        Arbitrary<ObjectNode> data = Arbitraries.maps(text(), freeFormValues(2)).ofMaxSize(5).map(fields -> {
            ObjectNode object = JSON.objectNode();
            fields.forEach(object::set);
            return object;
        });
        return types.flatMap(type -> Combinators.combine(envelopes(type), data).as((envelope, details) -> {
            envelope.set("data", details);
            return envelope;
        }));
    }

    /** The envelope fields of a touchpoint of the given type, without data. */
    private static Arbitrary<ObjectNode> envelopes(String type) {
        Arbitrary<ObjectNode> identifier = Arbitraries.oneOf(
                Arbitraries.longs().between(1_000_000_000L, 9_999_999_999L)
                        .map(n -> identifier("loyalty_card", "LC " + n)),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> identifier("email", "Ana." + n + "@Example.org")),
                Arbitraries.integers().between(1000, 9999).map(n -> identifier("phone", "+44 20 7946 " + n)),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> identifier("account_id", "acc-" + n)),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> identifier("device_id", "dev-" + n)));
        Arbitrary<Instant> occurredAt = Arbitraries.longs().between(EARLIEST.getEpochSecond(), LATEST.getEpochSecond())
                .map(Instant::ofEpochSecond);
        return Combinators.combine(text(), Arbitraries.strings().alpha().numeric().ofLength(20),
                        Arbitraries.of(CHANNELS), occurredAt, identifier.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(true, false), text())
                .as((source, sourceEventId, channel, at, identifiers, withExtras, extra) -> {
                    ObjectNode envelope = JSON.objectNode().put("source", source)
                            .put("sourceEventId", "evt-" + sourceEventId).put("channel", channel).put("type", type)
                            .put("occurredAt", at.toString());
                    identifiers.forEach(envelope.putArray("identifiers")::add);
                    if (withExtras) {
                        envelope.put("conversationId", "conv-" + sourceEventId).put("actor", extra);
                    }
                    return envelope;
                });
    }

    private static ObjectNode identifier(String type, String value) {
        return JSON.objectNode().put("type", type).put("value", value);
    }

    private static Arbitrary<ObjectNode> interaction() {
        return Combinators.combine(Arbitraries.of("message", "call", "visit", "email", "form"),
                        Arbitraries.of("inbound", "outbound"), text(),
                        Arbitraries.bigDecimals().between(BigDecimal.ONE.negate(), BigDecimal.ONE).ofScale(2).injectNull(0.5),
                        Arbitraries.integers().between(1, 5).injectNull(0.5))
                .as((kind, direction, summary, sentiment, csat) -> {
                    ObjectNode data = JSON.objectNode().put("kind", kind).put("direction", direction)
                            .put("summary", summary);
                    if (sentiment != null) {
                        data.put("sentiment", sentiment);
                    }
                    if (csat != null) {
                        data.put("csat", csat);
                    }
                    return data;
                });
    }

    private static Arbitrary<ObjectNode> fact() {
        return Combinators.combine(snakeCase(), text()).as((key, value) -> JSON.objectNode().put("key", key)
                .put("value", value));
    }

    private static Arbitrary<ObjectNode> issueRaised() {
        return optional(Combinators.combine(id(), text()).as((id, description) -> JSON.objectNode()
                .put("issueId", id).put("description", description)), "category", text());
    }

    private static Arbitrary<ObjectNode> issueResolved() {
        return optional(Combinators.combine(id(), text()).as((id, resolution) -> JSON.objectNode()
                .put("issueId", id).put("resolution", resolution)), "release", text());
    }

    private static Arbitrary<ObjectNode> promiseKept() {
        return id().map(id -> JSON.objectNode().put("promiseId", id));
    }

    private static Arbitrary<ObjectNode> promiseCancelled() {
        return Combinators.combine(id(), text()).as((id, reason) -> JSON.objectNode().put("promiseId", id)
                .put("reason", reason));
    }

    private static Arbitrary<ObjectNode> purchase() {
        return Arbitraries.of("EUR", "JPY", "GBP").flatMap(currency -> {
            Arbitrary<ObjectNode> item = Combinators.combine(id(), text(), Arbitraries.integers().between(1, 5),
                            amounts(currency), Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal(100))
                                    .ofScale(1).injectNull(0.6))
                    .as((sku, name, quantity, price, discount) -> {
                        ObjectNode line = JSON.objectNode().put("sku", sku).put("name", name)
                                .put("quantity", quantity).set("unitPrice", price);
                        return discount == null ? line : line.put("discountPercent", discount);
                    });
            return Combinators.combine(id(), item.list().ofMinSize(1).ofMaxSize(4), amounts(currency))
                    .as((orderId, items, total) -> {
                        ObjectNode data = JSON.objectNode().put("orderId", orderId).put("currency", currency);
                        items.forEach(data.putArray("items")::add);
                        return data.set("total", total);
                    });
        });
    }

    private static Arbitrary<ObjectNode> returned() {
        return Combinators.combine(id(), id().list().ofMinSize(1).ofMaxSize(3), amounts("EUR"))
                .as((orderId, skus, amount) -> {
                    ObjectNode data = JSON.objectNode().put("orderId", orderId).put("currency", "EUR");
                    skus.forEach(sku -> data.withArray("items").addObject().put("sku", sku).put("quantity", 1));
                    return data.set("amount", amount);
                });
    }

    private static Arbitrary<ObjectNode> priceAdjustment() {
        return Combinators.combine(id(), amounts("EUR").filter(amount -> new BigDecimal(amount.asText()).signum() > 0),
                        text())
                .as((orderId, amount, reason) -> JSON.objectNode().put("orderId", orderId).put("currency", "EUR")
                        .put("reason", reason).set("amount", amount));
    }

    private static Arbitrary<ObjectNode> deal() {
        return Combinators.combine(id(), text(), Arbitraries.longs().between(0, 10_000_000), text())
                .as((dealId, terms, days, agreedBy) -> JSON.objectNode().put("dealId", dealId).put("terms", terms)
                        .put("validFrom", EARLIEST.toString())
                        .put("validUntil", EARLIEST.plusSeconds(60 + days * 60).toString()).put("agreedBy", agreedBy));
    }

    private static Arbitrary<ObjectNode> dealWithdrawn() {
        return Combinators.combine(id(), text()).as((id, reason) -> JSON.objectNode().put("dealId", id)
                .put("reason", reason));
    }

    private static Arbitrary<ObjectNode> offer() {
        return Combinators.combine(id(), text(), id().list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.integers().between(0, 100).injectNull(0.3))
                .as((offerId, campaign, skus, discount) -> {
                    ObjectNode data = JSON.objectNode().put("offerId", offerId).put("campaign", campaign)
                            .put("validUntil", LATEST.toString());
                    skus.forEach(data.putArray("skus")::add);
                    return discount == null ? data : data.put("discountPercent", discount);
                });
    }

    private static Arbitrary<ObjectNode> preference() {
        return Combinators.combine(snakeCase(), text()).as((key, value) -> JSON.objectNode().put("key", key)
                .put("value", value));
    }

    private static Arbitrary<ObjectNode> consent() {
        return Combinators.combine(snakeCase(), Arbitraries.of(true, false))
                .as((purpose, granted) -> JSON.objectNode().put("purpose", purpose).put("granted", granted));
    }

    /** An amount as channels send it: a JSON number or a decimal string, with the currency's decimals. */
    private static Arbitrary<JsonNode> amounts(String currency) {
        int decimals = currency.equals("JPY") ? 0 : 2;
        return Combinators.combine(Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal(100_000))
                .ofScale(decimals), Arbitraries.of(true, false))
                .as((amount, asText) -> asText ? JSON.textNode(amount.toPlainString()) : JSON.numberNode(amount));
    }

    private static Arbitrary<ObjectNode> optional(Arbitrary<ObjectNode> data, String field, Arbitrary<String> values) {
        return Combinators.combine(data, values.injectNull(0.5))
                .as((object, value) -> value == null ? object : object.put(field, value));
    }

    private static Arbitrary<String> id() {
        return Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(24)
                .map(id -> "id-" + id);
    }

    private static Arbitrary<String> snakeCase() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMaxLength(20).map(name -> "k" + name);
    }

    /** Valid text short enough for any text field (at most 45 characters): never blank, no control characters. */
    private static Arbitrary<String> text() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().withChars(" -_.,éßİ").ofMaxLength(40),
                        Arbitraries.of("", "", "😀", "\u05e9\u05dc\u05d5\u05dd"))
                .as((text, extra) -> "t" + text + extra);
    }

    /** Values of free-form data that any store takes: what {@link #jsonValues} has, less the hostile ones. */
    private static Arbitrary<JsonNode> freeFormValues(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(List.of(Arbitraries.just(JSON.nullNode()),
                Arbitraries.of(true, false).map(JSON::booleanNode), Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.bigDecimals().between(new BigDecimal(-1_000_000), new BigDecimal(1_000_000)).ofScale(3)
                        .map(JSON::numberNode),
                text().map(JSON::textNode)));
        if (depth == 0) {
            return leaves;
        }
        return nested(leaves, text(), freeFormValues(depth - 1), 3);
    }
}
