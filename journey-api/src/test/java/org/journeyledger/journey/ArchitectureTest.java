package org.journeyledger.journey;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the package structure of all modules together (a feature's package has the same name in each): the
 * packages caught in dependency cycles are exactly those recorded in {@link #TANGLED}. A change that pulls another
 * package into a cycle fails here; a change that frees one fails too, until it takes the package off the record, so
 * the record only ever shrinks. The batch-first engine's feature contract is what empties it.
 */
class ArchitectureTest {

    private static final String ROOT = "org.journeyledger.journey";

    /**
     * The packages (below {@value #ROOT}) in a dependency cycle today: journey-core's features through its two hubs
     * ({@code customer.CustomerJourney} imports every feature, every feature imports {@code customer.CustomerId};
     * {@code touchpoint.TouchpointTypes} likewise), and journey-api's packages of the same names with the write path
     * around them.
     */
    private static final Set<String> TANGLED = Set.of("commerce", "consent", "context", "conversation", "customer",
            "deal", "erasure", "eventstore", "fact", "identity", "issue", "offer", "problem", "promise", "touchpoint",
            "transaction");

    private static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void thePackagesInDependencyCyclesAreExactlyTheRecordedOnes() {
        List<Set<String>> cycles = stronglyConnected(packageGraph()).stream().filter(c -> c.size() > 1).toList();
        Set<String> tangled = cycles.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));

        assertThat(tangled).as("packages in dependency cycles (cycles: %s); no package may join them, and one that "
                + "leaves them comes off ArchitectureTest.TANGLED", cycles).isEqualTo(new TreeSet<>(TANGLED));
    }

    /** Which of our packages each of our packages depends on. */
    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass source : LEDGER) {
            Set<String> targets = graph.computeIfAbsent(relative(source.getPackageName()), p -> new TreeSet<>());
            for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
                String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
                if ((target.equals(ROOT) || target.startsWith(ROOT + "."))
                        && !target.equals(source.getPackageName())) {
                    targets.add(relative(target));
                }
            }
        }
        return graph;
    }

    private static String relative(String packageName) {
        return packageName.equals(ROOT) ? "" : packageName.substring(ROOT.length() + 1);
    }

    /** Tarjan's strongly connected components: each a set of packages that all reach each other. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
