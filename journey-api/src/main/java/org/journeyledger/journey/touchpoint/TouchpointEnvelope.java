package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The touchpoint envelope as channel systems send it, over HTTP or Kafka: the shape the OpenAPI document shows.
 * {@link TouchpointParser} reads the JSON itself, field by field (its {@code FIELDS} are these), so that a value of
 * the wrong JSON type is refused by name instead of coerced.
 */
@Schema(name = "Touchpoint", description = "One interaction reported by a channel system")
public class TouchpointEnvelope {

    @Schema(description = "The reporting system", example = "pos-eu-west", requiredMode = Schema.RequiredMode.REQUIRED)
    public String source;
    @Schema(description = "The reporting system's own id for this touchpoint; with source it makes the write idempotent",
            example = "receipt-000187", requiredMode = Schema.RequiredMode.REQUIRED)
    public String sourceEventId;
    @Schema(description = "web, app, store, call_centre, email, chat, social, field_sales, partner, other, or a configured one",
            example = "store", requiredMode = Schema.RequiredMode.REQUIRED)
    public String channel;
    @Schema(description = "What happened, lower-case snake case", example = "purchase", requiredMode = Schema.RequiredMode.REQUIRED)
    public String type;
    @Schema(description = "ISO-8601 instant when it happened, as the channel says", example = "2026-03-14T10:15:30Z",
            requiredMode = Schema.RequiredMode.REQUIRED)
    public String occurredAt;
    @Schema(description = "The customer's identifiers the channel saw; at least one", requiredMode = Schema.RequiredMode.REQUIRED)
    public List<IdentifierInput> identifiers;
    @Schema(description = "Conversation this touchpoint belongs to", example = "conv-5521")
    public String conversationId;
    @Schema(description = "Person or system acting for the company", example = "associate:4471")
    public String actor;
    @Schema(description = "Type-specific details (a JSON object)")
    public JsonNode data;

    /** One identifier as the channel spells it. */
    @Schema(name = "IdentifierInput")
    public static class IdentifierInput {
        @Schema(example = "loyalty_card", requiredMode = Schema.RequiredMode.REQUIRED)
        public String type;
        @Schema(example = "LC-4410 2291", requiredMode = Schema.RequiredMode.REQUIRED)
        public String value;
    }
}
