package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Iterator;

/**
 * Whether a refusal's field path names something of the JSON that was sent: every step but the last must be there,
 * and the last is a field of an object that was sent (present, or missing and required) or an element of an array
 * that was sent ({@code data} is {@code {}} when not sent). {@code ""} is the whole body. Field names may hold dots and brackets themselves, so each step is
 * matched against the names the object has.
 */
final class SentFields {

    private SentFields() {
    }

    static boolean names(JsonNode sent, String path) {
        if (path.startsWith("data.") && sent.isObject()
                && (sent.path("data").isMissingNode() || sent.path("data").isNull())) {
            // An envelope without data has {}: its typed fields are missing from that.
            return names(JsonNodeFactory.instance.objectNode(), path.substring("data.".length()), 1);
        }
        return path.isEmpty() || names(sent, path, 0);
    }

    private static boolean names(JsonNode node, String path, int depth) {
        if (path.isEmpty()) {
            return true;
        }
        if (depth > 100) {
            return false;
        }
        if (path.startsWith("[")) {
            int close = path.indexOf(']');
            if (close < 0 || !node.isArray()) {
                return false;
            }
            int index;
            try {
                index = Integer.parseInt(path.substring(1, close));
            } catch (NumberFormatException e) {
                return false;
            }
            return index < node.size() && names(node.get(index), rest(path, close + 1), depth + 1);
        }
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (path.equals(name) || path.startsWith(name) && (path.charAt(name.length()) == '.'
                    || path.charAt(name.length()) == '[') && names(node.get(name), rest(path, name.length()), depth + 1)) {
                return true;
            }
        }
        // A missing field can only be the last step.
        return path.indexOf('.') < 0 && path.indexOf('[') < 0;
    }

    private static String rest(String path, int from) {
        return path.startsWith(".", from) ? path.substring(from + 1) : path.substring(from);
    }
}
