package org.journeyledger.journey.touchpoint;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The channel names this installation accepts: the built-in ones plus any added by configuration.
 */
public final class ChannelCatalogue {

    /** Channels every installation knows. */
    public static final Set<String> BUILT_IN = Set.of("web", "app", "store", "call_centre", "email", "chat",
            "social", "field_sales", "partner", "other");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final Set<String> names = new TreeSet<>(BUILT_IN);

    public ChannelCatalogue(Collection<String> extraChannels) {
        for (String channel : extraChannels) {
            if (!NAME.matcher(channel).matches()) {
                throw new IllegalArgumentException("Channel '" + channel
                        + "' must be lower-case snake case (letters, digits, underscores), e.g. 'kiosk'");
            }
            names.add(channel);
        }
    }

    public boolean isKnown(String channel) {
        return channel != null && names.contains(channel);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(names);
    }
}
