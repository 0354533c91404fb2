package org.journeyledger.journey.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo data set: the five field stories of {@code SCENARIOS.md} (S1–S5), each a customer with a memorable
 * identifier, and a few hundred background customers with a realistic channel mix, so that the console's timeline,
 * context and journey charts have something true to show.
 *
 * <p>Everything is a touchpoint envelope as a channel system would send it, with a fixed {@code source} and
 * {@code sourceEventId}: recording the set twice stores nothing new. Times are relative to a day (normally today,
 * UTC): the stories happened in the days before it, so a promise "by Friday" is still open and a deal still active
 * when the set is loaded. The same day gives exactly the same envelopes.
 *
 * <p>Identifiers overlap as they do in real channels: the store knows the loyalty card, the web shop the email (and
 * the card once the customer links it at a login), the app a device, the call centre and chat the email. A
 * customer's first touchpoint in a channel that knows another identifier carries both, so every customer stays one
 * customer (merging two customers is another feature's business).
 */
public final class DemoData {

    /** A story on screen: which customer to find, by what, and what the console then shows. */
    public record Story(String id, String title, String identifierType, String identifierValue, String shows) {
    }

    /** An offer check a channel asks for before sending (S5), made for the customer known by the identifier. */
    public record OfferCheck(String identifierType, String identifierValue, String offerId, List<String> skus,
                             String channel, String purpose) {
    }

    /** Background customers; with the stories about 2,500 touchpoints. */
    public static final int BACKGROUND_CUSTOMERS = 300;

    public static final List<Story> STORIES = List.of(
            new Story("S1", "The shoes and the promotion", "loyalty_card", "LC 3308-1175",
                    "a store purchase at 20% off with the associate's statement, the 30% e-mail promotion, the call "
                            + "asking for the difference and the price adjustment the agent recorded "
                            + "(also findable as email Marta.Ruiz@Example.com or phone +34 612 345 678)"),
            new Story("S2", "The maze", "phone", "+44 20 7946 0018",
                    "the order number and address told in chat (don't ask again), the chat handed over to the phone "
                            + "in one conversation with two issues, and a defect fixed in 5.3.1 that came back "
                            + "and is open again (also email ben.okafor@example.net)"),
            new Story("S3", "Mobile to store to online", "device_id", "dev-7f3a21c9",
                    "an open conversation begun in the app, continued in the store and online, a call-back promise "
                            + "still open, a loan-device promise broken, an earlier refund promise kept "
                            + "(also email chen.wei@example.com)"),
            new Story("S4", "The deal the contact centre never heard of", "email", "buyer@acme-tools.example",
                    "an active field-sales deal (12% off consumables) with who agreed it, an expired one, and the "
                            + "call asking about the terms (also account id ACME-0042)"),
            new Story("S5", "Silos and KPIs", "email", "eva.jensen@example.org",
                    "a winter coat bought online, a marketing offer for the same coat suppressed by the offer check "
                            + "and another one cleared; the Journeys view shows the charts of every customer"));

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String[] CHANNELS = {"store", "web", "app", "email", "call_centre", "chat"};
    /** Channel mix in percent, same order as {@link #CHANNELS} (as in the benchmark's generator). */
    private static final int[] CHANNEL_PERCENT = {30, 25, 15, 12, 9, 9};
    /** How customers feel in each channel, mean sentiment, same order: the journey charts have a story to tell. */
    private static final double[] CHANNEL_MOOD = {0.35, 0.25, 0.3, 0.1, -0.2, -0.05};
    private static final String[] FIRST = {"Ana", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hugo", "Ines",
            "Jonas", "Keiko", "Lars", "Maya", "Nico", "Olga", "Pedro", "Qin", "Rosa", "Sami", "Tara", "Umar", "Vera",
            "Wim", "Ximena", "Yusuf", "Zoe"};
    private static final String[] LAST = {"Silva", "Novak", "Dubois", "Rossi", "Berg", "Kaya", "Smith", "Jansen",
            "Moreau", "Costa", "Weber", "Sato", "Haddad", "Nielsen", "Lopez", "Ivanova", "Byrne", "Fischer"};
    /** sku, name, category, list price. */
    private static final String[][] CATALOGUE = {
            {"SHOE-RUN-40", "Trail runner 40", "shoes", "119.90"}, {"SHOE-WLK-38", "City walker 38", "shoes", "89.00"},
            {"COAT-RAIN-L", "Rain jacket L", "coats", "149.00"}, {"BAG-DAY-20", "Day pack 20 l", "bags", "59.90"},
            {"SOCK-MER-3P", "Merino socks, 3 pairs", "socks", "24.90"}, {"TENT-2P", "Two-person tent", "camping", "249.00"},
            {"LAMP-HD-300", "Head lamp 300 lm", "camping", "34.50"}, {"BOTL-STL-1L", "Steel bottle 1 l", "camping", "19.90"}};
    private static final String[][] CAMPAIGNS = {{"autumn-15", "Autumn walks", "15"}, {"camp-20", "Camping weekend", "20"},
            {"socks-3for2", "Socks 3 for 2", "33"}, {"rain-10", "Rainy days", "10"}};

    private final LocalDate today;
    private final Instant now;

    private DemoData(LocalDate today) {
        this.today = today;
        this.now = today.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The data set whose stories happened in the days before {@code today} (UTC). */
    public static DemoData forDay(LocalDate today) {
        return new DemoData(today);
    }

    public LocalDate day() {
        return today;
    }

    /** The stories' touchpoints, S1 to S5, each story in the order it happened. */
    public List<ObjectNode> stories() {
        List<ObjectNode> all = new ArrayList<>();
        all.addAll(shoesAndPromotion());
        all.addAll(maze());
        all.addAll(mobileToStoreToOnline());
        all.addAll(deal());
        all.addAll(silos());
        return all;
    }

    /** S5: the checks marketing asks for before sending two offers to the S5 customer. */
    public List<OfferCheck> offerChecks() {
        return List.of(
                new OfferCheck("email", "eva.jensen@example.org", "winter-25", List.of("COAT-WIN-M"), "email",
                        "marketing_email"),
                new OfferCheck("email", "eva.jensen@example.org", "boots-20", List.of("BOOT-HIK-39"), "email",
                        "marketing_email"));
    }

    // S1: the store purchase, what the associate said, the promotion e-mail, the call, the price adjustment.
    private List<ObjectNode> shoesAndPromotion() {
        String card = "LC 3308-1175";
        String email = "Marta.Ruiz@Example.com";
        String phone = "+34 612 345 678";
        List<ObjectNode> s = new ArrayList<>();
        ObjectNode purchase = tp("pos-store-27", "demo-s1-receipt-27-5521", "store", "purchase", at(9, "10:15"),
                null, "associate:2711", ids("loyalty_card", card));
        purchase.set("data", purchase(JSON.objectNode().put("orderId", "POS-27-5521").put("storeId", "store-27"),
                "EUR", line("SHOE-RUN-42", "Trail runner 42", "shoes", 1, "119.90", 20)));
        s.add(purchase);
        s.add(interaction(tp("pos-store-27", "demo-s1-note-27-5522", "store", "interaction", at(9, "10:17"), null,
                "associate:2711", ids("loyalty_card", card)), "visit", "outbound",
                "Associate: \"20% is the best price this season, it will not drop\"", 0.6, null));
        s.add(tp("web-shop", "demo-s1-login-8841", "web", "login", at(8, "19:02"), null, null,
                ids("loyalty_card", "LC33081175", "email", email)));
        ObjectNode offer = tp("braze", "demo-s1-send-spring30-8841", "email", "offer", at(5, "07:00"), null, null,
                ids("email", email));
        offer.putObject("data").put("offerId", "spring-30").put("campaign", "Spring sale: 30% off everything")
                .put("discountPercent", 30).put("validUntil", at(-10, "23:59").toString())
                .putArray("skus").add("SHOE-RUN-42").add("SHOE-RUN-43").add("COAT-RAIN-L");
        s.add(offer);
        String call = "call-s1-7710";
        s.add(interaction(tp("genesys", "demo-s1-call-7710-1", "call_centre", "interaction", at(2, "11:40"), call,
                "agent:17", ids("phone", phone, "email", email)), "call", "inbound",
                "Saw the 30% e-mail; asks for the difference on the shoes bought in store", -0.3, null));
        ObjectNode adjustment = tp("genesys", "demo-s1-call-7710-2", "call_centre", "price_adjustment",
                at(2, "11:48"), call, "agent:17", ids("email", email));
        adjustment.putObject("data").put("orderId", "POS-27-5521").put("amount", "11.99").put("currency", "EUR")
                .put("reason", "Price protection: spring-30");
        s.add(adjustment);
        s.add(interaction(tp("genesys", "demo-s1-call-7710-3", "call_centre", "interaction", at(2, "11:50"), call,
                "agent:17", ids("email", email)), "call", "outbound",
                "Refunded EUR 11.99 to the card; store 27 sees the adjustment on the purchase", 0.7, 5));
        return s;
    }

    // S2: told once in chat, handed over to the phone, two problems in one conversation, a defect that came back.
    private List<ObjectNode> maze() {
        String email = "ben.okafor@example.net";
        String phone = "+44 20 7946 0018";
        String conversation = "case-4471";
        List<ObjectNode> s = new ArrayList<>();
        ObjectNode raised = tp("mobile-app", "demo-s2-bug-1980", "app", "issue_raised", at(25, "20:10"), null, null,
                ids("email", email, "device_id", "dev-b3n0k4f0"));
        raised.putObject("data").put("issueId", "BUG-1980").put("description", "App crashes when scanning a receipt")
                .put("category", "defect");
        s.add(raised);
        ObjectNode fixed = tp("jira", "demo-s2-bug-1980-fixed", "other", "issue_resolved", at(20, "09:00"), null,
                null, ids("email", email));
        fixed.putObject("data").put("issueId", "BUG-1980").put("resolution", "Camera permission handled")
                .put("release", "5.3.1");
        s.add(fixed);
        s.add(interaction(tp("zendesk", "demo-s2-msg-4471-1", "chat", "interaction", at(6, "14:02"), conversation,
                "agent:31", ids("email", email)), "message", "inbound",
                "My blender stopped working after two weeks", -0.4, null));
        s.add(fact(tp("zendesk", "demo-s2-msg-4471-2", "chat", "fact", at(6, "14:03"), conversation, "agent:31",
                ids("email", email)), "order_number", "SO-558120"));
        s.add(fact(tp("zendesk", "demo-s2-msg-4471-3", "chat", "fact", at(6, "14:04"), conversation, "agent:31",
                ids("email", email)), "delivery_address", "14 Elm Street, Leeds LS1 4AB"));
        s.add(interaction(tp("genesys", "demo-s2-call-4471-1", "call_centre", "interaction", at(6, "14:09"),
                conversation, "agent:23", ids("phone", phone, "email", email)), "call", "inbound",
                "Transferred from chat; the agent already sees the order number", 0.2, null));
        ObjectNode defect = tp("genesys", "demo-s2-call-4471-2", "call_centre", "issue_raised", at(6, "14:11"),
                conversation, "agent:23", ids("phone", phone));
        defect.putObject("data").put("issueId", "INC-2231").put("description", "Blender motor overheats after 10 minutes")
                .put("category", "defect");
        s.add(defect);
        ObjectNode billing = tp("genesys", "demo-s2-call-4471-3", "call_centre", "issue_raised", at(6, "14:15"),
                conversation, "agent:23", ids("phone", phone));
        billing.putObject("data").put("issueId", "INC-2232").put("description", "Charged twice for order SO-558120")
                .put("category", "billing");
        s.add(billing);
        ObjectNode refunded = tp("billing-system", "demo-s2-refund-2232", "other", "issue_resolved", at(4, "10:00"),
                null, null, ids("email", email));
        refunded.putObject("data").put("issueId", "INC-2232").put("resolution", "Duplicate charge refunded");
        s.add(refunded);
        ObjectNode again = tp("mobile-app", "demo-s2-bug-2301", "app", "issue_raised", at(1, "21:30"), null, null,
                ids("device_id", "dev-b3n0k4f0"));
        again.putObject("data").put("issueId", "BUG-2301")
                .put("description", "Receipt scanning crashes again since release 5.4.0").put("category", "defect");
        s.add(again);
        return s;
    }

    // S3: a conversation begun in the app, continued in the store, finished online; promises kept, open, broken.
    private List<ObjectNode> mobileToStoreToOnline() {
        String device = "dev-7f3a21c9";
        String email = "chen.wei@example.com";
        String card = "LC 5520-8810";
        String conversation = "case-5120";
        List<ObjectNode> s = new ArrayList<>();
        s.add(promise(tp("web-shop", "demo-s3-refund-promise", "web", "promise", at(12, "16:00"), null, null,
                ids("email", email, "device_id", device)), "refund-3307", "Refund of order WEB-3307 within 5 days",
                at(7, "16:00")));
        ObjectNode kept = tp("payments", "demo-s3-refund-done", "web", "promise_kept", at(9, "08:30"), null, null,
                ids("email", email));
        kept.putObject("data").put("promiseId", "refund-3307");
        s.add(kept);
        s.add(interaction(tp("mobile-app", "demo-s3-msg-5120-1", "app", "interaction", at(4, "08:12"), conversation,
                null, ids("device_id", device)), "message", "inbound",
                "The screen of my tablet is cracked, can it be repaired?", -0.2, null));
        s.add(interaction(tp("mobile-app", "demo-s3-msg-5120-2", "app", "interaction", at(4, "08:20"), conversation,
                "agent:44", ids("device_id", device)), "message", "outbound",
                "Yes: bring it to any store, mention case-5120", 0.3, null));
        s.add(interaction(tp("pos-store-08", "demo-s3-visit-5120", "store", "interaction", at(3, "17:05"),
                conversation, "associate:0815", ids("loyalty_card", card, "email", email)), "visit", "inbound",
                "Brought the tablet in; repair ticket R-5120 opened", 0.4, null));
        s.add(fact(tp("pos-store-08", "demo-s3-fact-5120", "store", "fact", at(3, "17:08"), conversation,
                "associate:0815", ids("loyalty_card", card)), "tablet_serial", "SN-T8-44120"));
        s.add(promise(tp("pos-store-08", "demo-s3-promise-call", "store", "promise", at(3, "17:10"), conversation,
                "associate:0815", ids("loyalty_card", card)), "callback-5120",
                "We will call you by " + today.plusDays(2).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                        + " with the repair quote", at(-2, "17:00")));
        s.add(promise(tp("pos-store-08", "demo-s3-promise-loan", "store", "promise", at(3, "17:12"), conversation,
                "associate:0815", ids("loyalty_card", card)), "loan-5120",
                "A loan tablet ready for pick-up tomorrow at noon", at(2, "12:00")));
        s.add(interaction(tp("web-shop", "demo-s3-form-5120", "web", "interaction", at(1, "20:45"), conversation,
                null, ids("email", email)), "form", "inbound",
                "Checked the repair status online; still waiting for the loan tablet", -0.5, 2));
        return s;
    }

    // S4: a deal a field sales rep cut, an older one that expired, the call to the contact centre.
    private List<ObjectNode> deal() {
        String email = "buyer@acme-tools.example";
        List<ObjectNode> s = new ArrayList<>();
        ObjectNode old = tp("salesforce", "demo-s4-deal-512", "field_sales", "deal", at(120, "15:00"), null,
                "rep:north-7", ids("email", email, "account_id", "ACME-0042", "phone", "+48 22 555 01 40"));
        old.putObject("data").put("dealId", "DEAL-512").put("terms", "Free installation on orders over EUR 1,000")
                .put("validFrom", at(120, "00:00").toString()).put("validUntil", at(10, "00:00").toString())
                .put("agreedBy", "rep:north-7");
        s.add(old);
        ObjectNode active = tp("salesforce", "demo-s4-deal-771", "field_sales", "deal", at(20, "15:30"), null,
                "rep:north-7", ids("account_id", "ACME-0042"));
        active.putObject("data").put("dealId", "DEAL-771")
                .put("terms", "12% off all consumables, free next-day delivery")
                .put("validFrom", at(21, "00:00").toString()).put("validUntil", at(-60, "00:00").toString())
                .put("agreedBy", "rep:north-7 with K. Nowak (Acme procurement)");
        s.add(active);
        s.add(interaction(tp("genesys", "demo-s4-call-9902", "call_centre", "interaction", at(1, "09:20"), null,
                "agent:17", ids("phone", "+48 22 555 01 40")), "call", "inbound",
                "Asks whether the consumables order gets the agreed discount", 0.1, null));
        return s;
    }

    // S5: bought online, consented to marketing e-mail, annoyed by ads for what she already bought.
    private List<ObjectNode> silos() {
        String email = "eva.jensen@example.org";
        List<ObjectNode> s = new ArrayList<>();
        ObjectNode purchase = tp("web-shop", "demo-s5-order-88120", "web", "purchase", at(12, "18:30"), null, null,
                ids("email", email, "loyalty_card", "LC 6631-0042"));
        purchase.set("data", purchase(JSON.objectNode().put("orderId", "WEB-88120"), "EUR",
                line("COAT-WIN-M", "Winter coat M", "coats", 1, "179.00", 0)));
        s.add(purchase);
        ObjectNode consent = tp("web-shop", "demo-s5-consent-88120", "web", "consent", at(12, "18:31"), null, null,
                ids("email", email));
        consent.putObject("data").put("purpose", "marketing_email").put("granted", true);
        s.add(consent);
        s.add(interaction(tp("zendesk", "demo-s5-msg-6012", "chat", "interaction", at(3, "12:05"), null, "agent:31",
                ids("email", email)), "message", "inbound",
                "Why do I keep getting ads for the coat I already bought?", -0.6, 2));
        return s;
    }

    /**
     * The background customers' touchpoints, in the order they happened (so the journey analytics see each
     * customer's moves between channels in order; only the keeping of a promise comes right after the promise), all
     * within the 28 days before the day.
     */
    public List<ObjectNode> background() {
        List<Timed> all = new ArrayList<>();
        for (int c = 0; c < BACKGROUND_CUSTOMERS; c++) {
            all.addAll(customer(c));
        }
        all.sort(Comparator.comparing(Timed::at).thenComparing(t -> t.touchpoint().get("sourceEventId").asText()));
        return all.stream().map(Timed::touchpoint).toList();
    }

    /** A touchpoint and its place in the recording order (normally when it happened). */
    private record Timed(Instant at, ObjectNode touchpoint) {
    }

    private List<Timed> customer(int c) {
        SplittableRandom random = new SplittableRandom(1_000_003L * (c + 1));
        String first = FIRST[c % FIRST.length];
        String last = LAST[(c / FIRST.length + c) % LAST.length];
        String email = "%s.%s.%d@example.com".formatted(first, last, c);
        String cardDigits = "%010d".formatted(7_000_000_000L + c * 7919L);
        String card = "LC" + cardDigits;
        String cardAsPrinted = "LC " + cardDigits.substring(0, 4) + "-" + cardDigits.substring(4);
        String device = "dev-%08x".formatted(c * 2654435761L & 0xffffffffL);
        String id = "c%03d".formatted(c);
        List<Timed> out = new ArrayList<>();
        Instant start = now.minus(Duration.ofDays(28)).plus(Duration.ofMinutes(random.nextLong(0, 26L * 24 * 60)));
        Instant end = now.minus(Duration.ofMinutes(30));
        // Store-first customers are known by their card until they link it to a web account; web-first ones by both.
        boolean storeFirst = random.nextInt(100) < 40;
        boolean[] emailKnown = {!storeFirst};
        boolean[] deviceKnown = {false};
        int[] seq = {0};
        String signupChannel = storeFirst ? "store" : "web";
        ObjectNode signup = tp(storeFirst ? "pos-store-" + (c % 50 + 1) : "web-shop", "demo-bg-" + id + "-signup",
                signupChannel, storeFirst ? "loyalty_signup" : "account_created", start, null, null,
                storeFirst ? ids("loyalty_card", cardAsPrinted) : ids("email", email, "loyalty_card", card));
        out.add(new Timed(start, signup));
        int touchpoints = 2 + (int) Math.round(Math.abs(random.nextGaussian()) * 5);
        Instant at = start;
        String openIssue = null;
        boolean promised = false;
        for (int i = 0; i < touchpoints; i++) {
            at = at.plus(Duration.ofMinutes(20 + random.nextLong(0, 3L * 24 * 60)));
            if (at.isAfter(end)) {
                break;
            }
            int channelIndex = pick(random);
            String channel = CHANNELS[channelIndex];
            String source = switch (channel) {
                case "store" -> "pos-store-" + (c % 50 + 1);
                case "web" -> "web-shop";
                case "app" -> "mobile-app";
                case "email" -> "braze";
                case "call_centre" -> "genesys";
                default -> "zendesk";
            };
            if (!channel.equals("store") && !emailKnown[0]) {
                // The customer links their card to a web account before any channel that knows them by email.
                Instant linkAt = at.minus(Duration.ofMinutes(5));
                out.add(new Timed(linkAt, tp("web-shop", "demo-bg-" + id + "-link", "web", "login", linkAt, null,
                        null, ids("loyalty_card", card, "email", email))));
                emailKnown[0] = true;
            }
            ArrayNode known = switch (channel) {
                case "store" -> ids("loyalty_card", random.nextBoolean() ? card : cardAsPrinted);
                case "web" -> random.nextInt(4) == 0 ? ids("email", email, "loyalty_card", card) : ids("email", email);
                case "app" -> deviceKnown[0] ? ids("device_id", device) : ids("device_id", device, "email", email);
                default -> ids("email", email);
            };
            if (channel.equals("app")) {
                deviceKnown[0] = true;
            }
            String eventId = "demo-bg-" + id + "-" + (++seq[0]);
            String actor = switch (channel) {
                case "store" -> "associate:" + (c % 50 + 1) + "0" + random.nextInt(1, 4);
                case "call_centre", "chat" -> "agent:" + random.nextInt(10, 40);
                default -> null;
            };
            int roll = random.nextInt(100);
            ObjectNode touchpoint;
            if ((channel.equals("store") && roll < 35) || (channel.equals("web") && roll < 20)) {
                String[] item = CATALOGUE[random.nextInt(CATALOGUE.length)];
                int discount = random.nextInt(100) < 30 ? 10 * random.nextInt(1, 4) : 0;
                ObjectNode data = JSON.objectNode().put("orderId", (channel.equals("store") ? "POS-" : "WEB-") + id
                        + "-" + seq[0]);
                if (channel.equals("store")) {
                    data.put("storeId", "store-" + (c % 50 + 1));
                }
                touchpoint = tp(source, eventId, channel, "purchase", at, null, actor, known);
                touchpoint.set("data", purchase(data, "EUR", line(item[0], item[1], item[2], random.nextInt(1, 3),
                        item[3], discount)));
            } else if (channel.equals("web") && roll < 70) {
                touchpoint = tp(source, eventId, channel, "page_view", at, null, null, known);
                touchpoint.putObject("data").put("path", "/p/" + CATALOGUE[random.nextInt(CATALOGUE.length)][0]
                        .toLowerCase());
            } else if (channel.equals("app") && roll < 55) {
                touchpoint = tp(source, eventId, channel, "app_opened", at, null, null, known);
            } else if (channel.equals("email") && roll < 60) {
                String[] campaign = CAMPAIGNS[random.nextInt(CAMPAIGNS.length)];
                touchpoint = tp(source, eventId, channel, "offer", at, null, null, known);
                touchpoint.putObject("data").put("offerId", campaign[0]).put("campaign", campaign[1])
                        .put("discountPercent", Integer.parseInt(campaign[2]))
                        .put("validUntil", at.plus(Duration.ofDays(14)).toString())
                        .putArray("skus").add(CATALOGUE[random.nextInt(CATALOGUE.length)][0]);
            } else if (openIssue == null && (channel.equals("call_centre") || channel.equals("chat")) && roll < 30) {
                openIssue = "INC-" + id + "-" + seq[0];
                touchpoint = tp(source, eventId, channel, "issue_raised", at, null, actor, known);
                touchpoint.putObject("data").put("issueId", openIssue)
                        .put("description", random.nextBoolean() ? "Parcel not delivered" : "Item arrived damaged")
                        .put("category", "delivery");
            } else if (openIssue != null && channel.equals("call_centre") && roll < 45) {
                touchpoint = tp(source, eventId, channel, "issue_resolved", at, null, actor, known);
                touchpoint.putObject("data").put("issueId", openIssue).put("resolution", "Replacement sent");
                openIssue = null;
            } else if (!promised && (channel.equals("call_centre") || channel.equals("store")) && roll < 60) {
                promised = true;
                String promiseId = "promise-" + id + "-" + seq[0];
                Instant due = at.plus(Duration.ofDays(random.nextInt(1, 5)));
                touchpoint = promise(tp(source, eventId, channel, "promise", at, null, actor, known), promiseId,
                        channel.equals("store") ? "Item on hold, we call when it arrives" : "We will call you back",
                        due);
                // Most promises are kept in time, by the channel that made them; the others break at their due time
                // (or are still open when it is yet to come).
                Instant keptAt = at.plus(Duration.ofMinutes(random.nextLong(60, Duration.between(at, due).toMinutes())));
                if (random.nextInt(100) < 80 && keptAt.isBefore(end)) {
                    ObjectNode kept = tp(source, eventId + "-kept", channel, "promise_kept", keptAt, null, actor, known);
                    kept.putObject("data").put("promiseId", promiseId);
                    // Recorded right after the promise, though it happened later: a promise whose due time is already
                    // past when the set is loaded would otherwise be marked broken (its deadline fires at once) before
                    // the keeping arrives, and count as kept late.
                    out.add(new Timed(at.plusMillis(1), kept));
                }
            } else {
                String kind = switch (channel) {
                    case "store" -> "visit";
                    case "call_centre" -> "call";
                    case "email" -> "email";
                    case "web" -> "form";
                    default -> "message";
                };
                double mood = CHANNEL_MOOD[channelIndex] + (openIssue != null ? -0.4 : 0) + random.nextGaussian() * 0.3;
                Integer csat = random.nextInt(100) < 30
                        ? (int) Math.max(1, Math.min(5, Math.round(3 + mood * 2 + random.nextGaussian() * 0.5))) : null;
                touchpoint = interaction(tp(source, eventId, channel, "interaction", at, null, actor, known), kind,
                        "inbound", openIssue != null ? "Asks again about " + openIssue : summary(kind, random),
                        mood, csat);
            }
            out.add(new Timed(at, touchpoint));
        }
        return out;
    }

    private static String summary(String kind, SplittableRandom random) {
        String[] options = switch (kind) {
            case "visit" -> new String[]{"Tried on shoes", "Asked for a size in stock", "Picked up an order"};
            case "call" -> new String[]{"Asked where the parcel is", "Changed the delivery address", "Asked about returns"};
            case "email" -> new String[]{"Replied to the newsletter", "Asked about an invoice"};
            case "form" -> new String[]{"Sent the contact form", "Asked for a product detail"};
            default -> new String[]{"Asked about opening hours", "Asked for the return label", "Asked about sizes"};
        };
        return options[random.nextInt(options.length)];
    }

    private static int pick(SplittableRandom random) {
        int roll = random.nextInt(100);
        for (int i = 0; i < CHANNEL_PERCENT.length; i++) {
            roll -= CHANNEL_PERCENT[i];
            if (roll < 0) {
                return i;
            }
        }
        return 0;
    }

    /** {@code daysAgo} days before the day (negative: after it) at a UTC time of day. */
    private Instant at(int daysAgo, String time) {
        return today.minusDays(daysAgo).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }

    private static ObjectNode tp(String source, String sourceEventId, String channel, String type, Instant at,
                                 String conversationId, String actor, ArrayNode identifiers) {
        ObjectNode touchpoint = JSON.objectNode().put("source", source).put("sourceEventId", sourceEventId)
                .put("channel", channel).put("type", type).put("occurredAt", at.toString());
        if (conversationId != null) {
            touchpoint.put("conversationId", conversationId);
        }
        if (actor != null) {
            touchpoint.put("actor", actor);
        }
        touchpoint.set("identifiers", identifiers);
        touchpoint.putObject("data");
        return touchpoint;
    }

    /** ids(type, value, type, value, ...) */
    private static ArrayNode ids(String... typeValue) {
        ArrayNode identifiers = JSON.arrayNode();
        for (int i = 0; i < typeValue.length; i += 2) {
            identifiers.addObject().put("type", typeValue[i]).put("value", typeValue[i + 1]);
        }
        return identifiers;
    }

    private static ObjectNode interaction(ObjectNode touchpoint, String kind, String direction, String summary,
                                          Double sentiment, Integer csat) {
        ObjectNode data = touchpoint.putObject("data").put("kind", kind).put("direction", direction)
                .put("summary", summary);
        if (sentiment != null) {
            data.put("sentiment", BigDecimal.valueOf(Math.max(-1, Math.min(1, sentiment)))
                    .setScale(2, RoundingMode.HALF_UP));
        }
        if (csat != null) {
            data.put("csat", csat);
        }
        return touchpoint;
    }

    private static ObjectNode fact(ObjectNode touchpoint, String key, String value) {
        touchpoint.putObject("data").put("key", key).put("value", value);
        return touchpoint;
    }

    private static ObjectNode promise(ObjectNode touchpoint, String promiseId, String description, Instant dueAt) {
        touchpoint.putObject("data").put("promiseId", promiseId).put("description", description)
                .put("dueAt", dueAt.toString());
        return touchpoint;
    }

    private static ObjectNode line(String sku, String name, String category, int quantity, String unitPrice,
                                   int discountPercent) {
        return JSON.objectNode().put("sku", sku).put("name", name).put("category", category).put("quantity", quantity)
                .put("unitPrice", unitPrice).put("discountPercent", discountPercent);
    }

    /** Purchase data with one line; the total is the line's price less its discount, in the currency's cents. */
    private static ObjectNode purchase(ObjectNode data, String currency, ObjectNode line) {
        BigDecimal total = new BigDecimal(line.get("unitPrice").asText())
                .multiply(BigDecimal.valueOf(line.get("quantity").asInt()))
                .multiply(BigDecimal.valueOf(100 - line.get("discountPercent").asInt()))
                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        data.put("total", total.toPlainString()).put("currency", currency);
        data.putArray("items").add(line);
        return data;
    }
}
