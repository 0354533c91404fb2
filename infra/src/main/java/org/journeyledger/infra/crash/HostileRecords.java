package org.journeyledger.infra.crash;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record values no channel should send but some will: not JSON, not an object, fields missing, null or of the wrong
 * type, typed data that does not fit its type. The crash run mixes them into its load; each must end on the
 * dead-letter topic, none in the ledger, and none may hold up the good records around it.
 */
final class HostileRecords {

    /** The source of the hostile records that have one, so that a check can tell they were never stored. */
    static final String SOURCE = "crash-hostile";

    private static final String VALID = "{\"source\":\"" + SOURCE + "\",\"sourceEventId\":\"%s\",\"channel\":\"store\","
            + "\"type\":\"visit\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
            + "\"identifiers\":[{\"type\":\"loyalty_card\",\"value\":\"LC-HOSTILE\"}],\"data\":{}}";

    private static final Map<String, String> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("empty object", "{}");
        CORPUS.put("null", "null");
        CORPUS.put("array", "[]");
        CORPUS.put("string", "\"x\"");
        CORPUS.put("number", "42");
        CORPUS.put("truncated", "{\"source\":\"" + SOURCE + "\",\"channel\":\"sto");
        CORPUS.put("type null", VALID.replace("\"type\":\"visit\"", "\"type\":null"));
        CORPUS.put("identifiers an object", VALID.replace("[{\"type\":\"loyalty_card\",\"value\":\"LC-HOSTILE\"}]",
                "{\"type\":\"loyalty_card\"}"));
        CORPUS.put("identifier null", VALID.replace("[{\"type\":\"loyalty_card\",\"value\":\"LC-HOSTILE\"}]", "[null]"));
        CORPUS.put("data an array", VALID.replace("\"data\":{}", "\"data\":[1,2]"));
        CORPUS.put("occurredAt a number", VALID.replace("\"2026-01-01T00:00:00Z\"", "1767225600"));
        CORPUS.put("channel an object", VALID.replace("\"channel\":\"store\"", "\"channel\":{\"name\":\"store\"}"));
        CORPUS.put("unknown channel", VALID.replace("\"channel\":\"store\"", "\"channel\":\"carrier_pigeon\""));
        CORPUS.put("promise without its data", VALID.replace("\"type\":\"visit\"", "\"type\":\"promise\""));
        CORPUS.put("purchase items an object", VALID.replace("\"type\":\"visit\"", "\"type\":\"purchase\"")
                .replace("\"data\":{}", "\"data\":{\"orderId\":\"o-1\",\"total\":\"1\",\"currency\":\"EUR\","
                        + "\"items\":{\"sku\":\"A\"}}"));
        CORPUS.put("deep nesting", VALID.replace("\"data\":{}", "\"data\":{\"x\":" + "[".repeat(5000)
                + "]".repeat(5000) + "}"));
    }

    private HostileRecords() {
    }

    /** The n-th hostile record's value (they take turns through the corpus); ids keep the valid-looking ones apart. */
    static byte[] value(long n) {
        List<String> names = List.copyOf(CORPUS.keySet());
        int pick = (int) (n % (names.size() + 1));
        if (pick == names.size()) {
            // Invalid UTF-8: a Latin-1 é inside an otherwise valid touchpoint.
            String text = VALID.formatted("hostile-" + n).replace("LC-HOSTILE", "LC-HOSTILE-?");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            bytes[text.indexOf("LC-HOSTILE-?") + 11] = (byte) 0xE9;
            return bytes;
        }
        return CORPUS.get(names.get(pick)).replace("%s", "hostile-" + n).getBytes(StandardCharsets.UTF_8);
    }

    /** How many kinds of hostile record there are. */
    static int kinds() {
        return CORPUS.size() + 1;
    }
}
