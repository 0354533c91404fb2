package org.journeyledger.journey.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.journeyledger.journey.ledger.StorableText;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns an identifier as a channel spells it into the one form the ledger stores and matches on, so that
 * {@code " Ana@Example.COM"} from the web and {@code "ana@example.com"} from the call centre are the same customer.
 * <p>
 * The rules per type are documented in {@code docs/identity.md}; types added by configuration are trimmed only.
 */
public final class IdentifierNormalizer {

    /** Longest identifier value accepted after trimming; longer values are channel bugs, not identifiers. */
    public static final int MAX_VALUE_LENGTH = 256;

    /** Identifier types every installation knows. */
    public static final Set<String> BUILT_IN_TYPES =
            Set.of("email", "phone", "loyalty_card", "account_id", "pos_customer_id", "device_id");

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern CARD_SEPARATORS = Pattern.compile("[\\s-]+");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    private final Map<String, UnaryOperator<String>> rules = new TreeMap<>();

    /**
     * @param defaultRegion ISO 3166 region used for phone numbers written without a country code, e.g. {@code GB}
     * @param extraTypes    identifier types added by configuration (lower-case snake case)
     */
    public IdentifierNormalizer(String defaultRegion, Collection<String> extraTypes) {
        if (!phones.getSupportedRegions().contains(defaultRegion.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unknown phone region '" + defaultRegion
                    + "': set journey.identity.default-region to an ISO 3166 code such as GB or US");
        }
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
        rules.put("email", this::email);
        rules.put("phone", this::phone);
        rules.put("loyalty_card", IdentifierNormalizer::card);
        rules.put("pos_customer_id", IdentifierNormalizer::card);
        rules.put("account_id", UnaryOperator.identity());
        rules.put("device_id", UnaryOperator.identity());
        for (String type : extraTypes) {
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new IllegalArgumentException("Identifier type '" + type
                        + "' must be lower-case snake case (letters, digits, underscores), e.g. 'crm_contact_id'");
            }
            rules.putIfAbsent(type, UnaryOperator.identity());
        }
    }

    /** The identifier types this installation accepts. */
    public Set<String> knownTypes() {
        return Collections.unmodifiableSet(rules.keySet());
    }

    /**
     * Normalises one identifier.
     *
     * @throws InvalidIdentifierException when the type is unknown or the value cannot be an identifier of that type
     */
    public Identifier normalize(String type, String rawValue) {
        UnaryOperator<String> rule = type == null ? null : rules.get(type);
        if (rule == null) {
            throw new InvalidIdentifierException("Unknown identifier type '" + type + "'; known types are "
                    + knownTypes(), true);
        }
        String trimmed = rawValue == null ? "" : rawValue.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidIdentifierException("The " + type + " value must not be empty", false);
        }
        if (trimmed.length() > MAX_VALUE_LENGTH) {
            throw new InvalidIdentifierException("The " + type + " value is longer than " + MAX_VALUE_LENGTH
                    + " characters", false);
        }
        // PostgreSQL stores no NUL, and writes an unpaired surrogate as '?', which would make two different
        // spellings one customer.
        if (trimmed.chars().anyMatch(Character::isISOControl) || StorableText.hasUnpairedSurrogate(trimmed)) {
            throw new InvalidIdentifierException("The " + type + " value must not contain control characters or "
                    + "unpaired surrogates", false);
        }
        String normalized = rule.apply(trimmed);
        // Case folding can lengthen a value ("İ" lower-cases to two characters, "ß" upper-cases to "SS").
        if (normalized.length() > MAX_VALUE_LENGTH) {
            throw new InvalidIdentifierException("The " + type + " value is longer than " + MAX_VALUE_LENGTH
                    + " characters once normalised", false);
        }
        return new Identifier(type, normalized);
    }

    private String email(String value) {
        // Case-folding the whole address (not only the domain) matches how people type it; mailbox providers that
        // treat local parts case-sensitively are vanishingly rare.
        String folded = value.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(folded).matches()) {
            throw new InvalidIdentifierException("'" + value + "' is not an email address", false);
        }
        return folded;
    }

    private String phone(String value) {
        try {
            PhoneNumber number = phones.parse(value, defaultRegion);
            if (!phones.isPossibleNumber(number)) {
                throw new InvalidIdentifierException("'" + value + "' is not a possible phone number", false);
            }
            return phones.format(number, PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidIdentifierException("'" + value + "' is not a phone number: " + e.getMessage(), false);
        }
    }

    private static String card(String value) {
        // Cards and POS ids are printed and read out in groups ("1234 5678-90"); the groups are not part of the id.
        return CARD_SEPARATORS.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
    }
}
