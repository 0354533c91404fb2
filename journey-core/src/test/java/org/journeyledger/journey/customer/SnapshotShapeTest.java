package org.journeyledger.journey.customer;

import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store the customer's fields as they are, and are used only when their revision is the aggregate's. A
 * change to those fields (here or in the feature classes the customer holds) without a new revision would let a
 * snapshot of the old shape be read into the new one: this test notices the change.
 */
class SnapshotShapeTest {

    /**
     * The shape of revision 2 (revision 1 held each order's units kept as a {@code Map<String, Integer>}). After
     * changing the state: raise {@code @Revision} and put the new shape here.
     */
    private static final String REVISION_2 = """
            CustomerJourney: consents: Consents, conversations: Conversations, customerId: CustomerId, deals: Deals, \
            erasureEventId: String, identifiers: Set<Identifier>, issues: Issues, mergedInto: CustomerId, \
            merges: Map<String, CustomerId>, offers: Offers, promises: Promises, purchases: Purchases
            CustomerId: value: String
            Identifier: type: String, value: String
            Conversations: conversations: Map<String, State>
            State: lastChannel: String, open: boolean
            Issues: open: Map<String, Boolean>
            Promises: promises: Map<String, State>
            State: dueAt: Instant, status: Status
            Status: OPEN | KEPT | CANCELLED | BROKEN
            Purchases: orders: Map<String, Order>
            Order: currency: String, purchasedAt: Instant, skus: String[], unitsKept: int[]
            Deals: withdrawn: Map<String, Boolean>
            Offers:\s
            Consents: latest: Map<String, Statement>
            Statement: at: Instant, granted: boolean
            """;

    @Test
    void theSnapshotRevisionNamesTheShapeOfTheCustomersState() {
        String revision = CustomerJourney.class.getAnnotation(Revision.class).value();
        assertThat(revision).isEqualTo("2");
        assertThat(shape(CustomerJourney.class))
                .as("CustomerJourney's state changed: raise its @Revision and record the new shape in this test")
                .isEqualTo(REVISION_2.strip());
    }

    /** Every class of the ledger reachable from {@code root} through instance fields, with its fields' types. */
    private static String shape(Class<?> root) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        collect(root, seen);
        return seen.stream().map(type -> type.getSimpleName() + ": " + (type.isEnum()
                        ? Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(" | "))
                        : Arrays.stream(type.getDeclaredFields())
                        .filter(field -> !Modifier.isStatic(field.getModifiers()))
                        .sorted(Comparator.comparing(Field::getName))
                        .map(field -> field.getName() + ": " + name(field.getGenericType()))
                        .collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n"));
    }

    private static void collect(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collect(argument, seen));
            collect(parameterized.getRawType(), seen);
        } else if (type instanceof Class<?> c && c.getName().startsWith("org.journeyledger.")
                && seen.add(c)) {
            Arrays.stream(c.getDeclaredFields()).filter(field -> !Modifier.isStatic(field.getModifiers()))
                    .forEach(field -> collect(field.getGenericType(), seen));
        }
    }

    private static String name(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            return name(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
                    .map(SnapshotShapeTest::name).collect(Collectors.joining(", ", "<", ">"));
        }
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
