package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Masks customers' identifiers in an answer for callers whose roles do not need them.
 * <p>
 * Agents, auditors and administrators see identifiers in full: an agent confirms a caller by the email or card
 * they give and records actions under them, an auditor must see exactly what an agent saw (as-of) and export the
 * stored bytes. Channel systems and analysts never need a customer's identifiers; the role table already keeps them
 * off the endpoints that show them, and this is the second line behind it, so that an endpoint opened to them later
 * does not leak: every {@code identifiers[].value} and {@code identifier.value} becomes {@code a***@example.com} /
 * {@code ***2291}.
 */
public final class PersonalDataMasking {

    /** Roles that may see identifiers in full. */
    public static final Set<Role> UNMASKED = EnumSet.of(Role.AGENT, Role.AUDITOR, Role.ADMIN);

    private PersonalDataMasking() {
    }

    /** Whether answers to this caller are masked. */
    public static boolean masks(Caller caller) {
        return caller.roles().stream().noneMatch(UNMASKED::contains);
    }

    /** Masks the identifier values anywhere in the document, in place; answers the document. */
    public static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ("identifiers".equals(field.getKey()) && field.getValue() instanceof ArrayNode identifiers) {
                    identifiers.forEach(PersonalDataMasking::maskIdentifier);
                } else if ("identifier".equals(field.getKey())) {
                    maskIdentifier(field.getValue());
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(PersonalDataMasking::mask);
        }
        return node;
    }

    private static void maskIdentifier(JsonNode identifier) {
        if (identifier instanceof ObjectNode object && object.get("value") instanceof TextNode value) {
            object.put("value", maskValue(value.asText()));
        } else if (identifier instanceof ObjectNode object) {
            mask(object);
        }
    }

    /**
     * {@code ana.lopez@example.com} → {@code a***@example.com}; anything else keeps its last four characters when it
     * has more than eight ({@code LC44102291} → {@code ***2291}), else nothing.
     */
    static String maskValue(String value) {
        int at = value.lastIndexOf('@');
        if (at > 0) {
            return value.charAt(0) + "***" + value.substring(at);
        }
        return value.length() > 8 ? "***" + value.substring(value.length() - 4) : "***";
    }
}
