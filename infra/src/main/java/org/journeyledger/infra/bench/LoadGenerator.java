package org.journeyledger.infra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A deterministic, realistic stream of touchpoints: touchpoint {@code i} depends only on the seed and {@code i}, so the
 * large scale (10 million) is generated on the fly instead of held in memory, and a run can be repeated exactly.
 *
 * <p>Customer {@code c} is known by a loyalty card (the store), an email (web, email, chat, call centre) and a device
 * (the app). Its first touchpoint is a web sign-up carrying card and email together; without it, a store touchpoint
 * with only the card and an email touchpoint with only the email would create two customers, and the first later
 * touchpoint carrying both would be refused as "identifiers of two customers" — a real merge case, but not what a
 * throughput benchmark should measure. After that, each channel sends what that channel knows: the store the card
 * (sometimes typed with spaces, as cashiers do), the web card and email, the app device and email.
 *
 * <p>Sign-ups are spread evenly over the stream and later touchpoints pick among customers already signed up, so
 * older customers have more history. About 5% of store touchpoints are late arrivals (a POS batch uploaded days
 * later, {@code occurredAt} before touchpoints already recorded).
 */
public final class LoadGenerator {

    /** A touchpoint ready to send: the customer it belongs to (for ordering), the Kafka key and the JSON envelope. */
    public record Touchpoint(int customer, String key, String json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHANNELS = {"store", "web", "app", "email", "call_centre", "chat"};
    /** Channel mix in percent, same order as {@link #CHANNELS}. */
    private static final int[] CHANNEL_PERCENT = {30, 25, 15, 12, 9, 9};
    private static final String[] FACT_KEYS = {"preferred_store", "shoe_size", "order_number", "delivery_window"};

    private final long seed;
    private final int customers;
    private final long touchpoints;
    private final Instant start;
    private final Duration span;

    /**
     * @param customers   customers in the stream (each signs up once)
     * @param touchpoints touchpoints in the stream, at least {@code customers}
     * @param end         {@code occurredAt} of the last touchpoint; the stream covers the 60 days before it
     */
    public LoadGenerator(long seed, int customers, long touchpoints, Instant end) {
        if (customers < 1 || touchpoints < customers) {
            throw new IllegalArgumentException("need 1 <= customers <= touchpoints");
        }
        this.seed = seed;
        this.customers = customers;
        this.touchpoints = touchpoints;
        this.span = Duration.ofDays(60);
        this.start = end.minus(span);
    }

    public long size() {
        return touchpoints;
    }

    /** Customer {@code c}'s loyalty card as the ledger stores it (normalised: no spaces). */
    public static String loyaltyCard(int c) {
        return "LC%08d".formatted(c);
    }

    public static String email(int c) {
        return "customer.%d@example.com".formatted(c);
    }

    static String device(int c) {
        return "dev-%08x".formatted(c * 2654435761L & 0xffffffffL);
    }

    /** Touchpoints between two sign-ups; sign-up of customer c is touchpoint c * stride. */
    private long stride() {
        return touchpoints / customers;
    }

    public Touchpoint touchpoint(long i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        Instant occurredAt = start.plusMillis(span.toMillis() * i / touchpoints);
        long stride = stride();
        if (i % stride == 0 && i / stride < customers) {
            int c = (int) (i / stride);
            return signUp(c, i, occurredAt);
        }
        int signedUp = (int) Math.min(customers, i / stride + 1);
        int c = random.nextInt(signedUp);
        String channel = channel(random.nextInt(100));
        ObjectNode tp = envelope(channel + "-sys", "tp-" + i, channel, occurredAt);
        ArrayNode ids = tp.putArray("identifiers");
        ObjectNode data = JSON.createObjectNode();
        String type;
        switch (channel) {
            case "store" -> {
                // Cashiers type the card as printed, with a space; the ledger normalises it.
                String card = loyaltyCard(c);
                id(ids, "loyalty_card", random.nextInt(4) == 0 ? card.substring(0, 6) + " " + card.substring(6) : card);
                if (random.nextInt(20) == 0) {
                    tp.put("occurredAt", occurredAt.minus(Duration.ofDays(1 + random.nextInt(5))).toString());
                }
                // A tenth are visits without a sale (returns would have to name an order the customer really made).
                type = random.nextInt(10) == 0 ? "visit" : "purchase";
                if (type.equals("purchase")) {
                    purchase(data, i, random);
                }
                data.put("storeId", "store-" + random.nextInt(40));
                tp.put("actor", "associate:" + random.nextInt(500));
            }
            case "web" -> {
                id(ids, "loyalty_card", loyaltyCard(c));
                id(ids, "email", email(c));
                type = switch (random.nextInt(4)) {
                    case 0 -> "login";
                    case 1 -> "purchase";
                    default -> "page_view";
                };
                data.put("path", "/catalogue/item-" + random.nextInt(5000));
                data.put("sessionId", "s-" + Long.toHexString(random.nextLong()));
                if (type.equals("purchase")) {
                    purchase(data, i, random);
                }
            }
            case "app" -> {
                id(ids, "device_id", device(c));
                id(ids, "email", email(c));
                type = random.nextBoolean() ? "app_open" : "page_view";
                data.put("screen", "product-" + random.nextInt(5000));
                data.put("appVersion", "5." + random.nextInt(5) + ".0");
            }
            case "email" -> {
                id(ids, "email", email(c));
                type = random.nextBoolean() ? "email_open" : "email_click";
                data.put("campaign", "cmp-2026-" + random.nextInt(50));
                data.put("link", "https://shop.example.com/promo/" + random.nextInt(100));
            }
            default -> { // call_centre, chat: typed touchpoints inside a conversation
                id(ids, "email", email(c));
                tp.put("conversationId", "case-" + c + "-" + random.nextInt(3));
                tp.put("actor", "agent:" + random.nextInt(200));
                if (random.nextInt(4) == 0) {
                    type = "fact";
                    data.put("key", FACT_KEYS[random.nextInt(FACT_KEYS.length)]);
                    data.put("value", "v-" + random.nextInt(1000));
                } else {
                    type = "interaction";
                    data.put("kind", channel.equals("chat") ? "message" : "call");
                    data.put("direction", random.nextInt(3) == 0 ? "outbound" : "inbound");
                    data.put("summary", "Customer asked about order " + random.nextInt(100000) + " and delivery");
                    data.put("sentiment", Math.round((random.nextDouble() * 2 - 1) * 100) / 100.0);
                    if (random.nextInt(5) == 0) {
                        data.put("csat", 1 + random.nextInt(5));
                    }
                }
            }
        }
        // What channel systems add to every record; it also brings the mean size to that of real envelopes (~370 B).
        data.put("traceId", Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE));
        data.put("locale", random.nextInt(3) == 0 ? "en-GB" : "es-ES");
        tp.put("type", type);
        tp.set("data", data);
        return new Touchpoint(c, loyaltyCard(c), write(tp));
    }

    /** A typed purchase the ledger accepts: one line of a few units, the total their price. */
    private static void purchase(ObjectNode data, long i, SplittableRandom random) {
        int quantity = 1 + random.nextInt(3);
        int cents = 500 + random.nextInt(30_000);
        String unitPrice = "%d.%02d".formatted(cents / 100, cents % 100);
        int totalCents = cents * quantity;
        data.put("orderId", "ORD-" + i);
        data.put("currency", "EUR");
        data.put("total", "%d.%02d".formatted(totalCents / 100, totalCents % 100));
        int sku = random.nextInt(5000);
        data.putArray("items").addObject().put("sku", "SKU-" + sku).put("name", "Item " + sku)
                .put("quantity", quantity).put("unitPrice", unitPrice);
    }

    /** The customer's first touchpoint: both identifiers the later channels use, so they all resolve to one customer. */
    private Touchpoint signUp(int c, long i, Instant occurredAt) {
        ObjectNode tp = envelope("web-shop", "signup-" + c, "web", occurredAt);
        ArrayNode ids = tp.putArray("identifiers");
        id(ids, "loyalty_card", loyaltyCard(c));
        id(ids, "email", email(c));
        id(ids, "device_id", device(c));
        tp.put("type", "sign_up");
        tp.putObject("data").put("marketingConsent", c % 3 != 0).put("referrer", "campaign-" + (i % 17));
        return new Touchpoint(c, loyaltyCard(c), write(tp));
    }

    /**
     * Touchpoints of one very busy customer ({@code loyalty card LCHEAVY01}, email heavy@example.com), for as-of reads
     * over a long stream; kept apart from the generated customers so as not to skew their figures.
     */
    public static Touchpoint heavy(int n, Instant occurredAt) {
        ObjectNode tp = JSON.createObjectNode();
        tp.put("source", "web-shop");
        tp.put("sourceEventId", "heavy-" + n);
        tp.put("channel", n % 2 == 0 ? "web" : "store");
        tp.put("occurredAt", occurredAt.toString());
        ArrayNode ids = tp.putArray("identifiers");
        id(ids, "loyalty_card", "LCHEAVY01");
        if (n % 2 == 0) {
            id(ids, "email", "heavy@example.com");
        }
        tp.put("type", n % 10 == 0 ? "fact" : "page_view");
        ObjectNode data = tp.putObject("data");
        if (n % 10 == 0) {
            data.put("key", "visit_count").put("value", Integer.toString(n));
        } else {
            data.put("path", "/catalogue/item-" + n % 5000).put("sessionId", "s-heavy-" + n / 20);
        }
        return new Touchpoint(-1, "LCHEAVY01", write(tp));
    }

    private static ObjectNode envelope(String source, String sourceEventId, String channel, Instant occurredAt) {
        ObjectNode tp = JSON.createObjectNode();
        tp.put("source", source);
        tp.put("sourceEventId", sourceEventId);
        tp.put("channel", channel);
        tp.put("occurredAt", occurredAt.toString());
        return tp;
    }

    private static void id(ArrayNode ids, String type, String value) {
        ids.addObject().put("type", type).put("value", value);
    }

    static String channel(int percentile) {
        int acc = 0;
        for (int k = 0; k < CHANNELS.length; k++) {
            acc += CHANNEL_PERCENT[k];
            if (percentile < acc) {
                return CHANNELS[k];
            }
        }
        return CHANNELS[CHANNELS.length - 1];
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
