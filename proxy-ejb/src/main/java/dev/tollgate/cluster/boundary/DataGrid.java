package dev.tollgate.cluster.boundary;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data grid this instance is in, when {@code TOLLGATE_CLUSTER_MEMBERS} says it shares one:
 * Payara's Hazelcast, bound at {@code payara/Hazelcast}. Logs who is in the grid at start and at
 * every change, and counts the members for the {@code tollgate_cluster_members} gauge. Whether
 * Tollgate is clustered follows the setting, not whether Payara runs a grid: with
 * {@code --nocluster} Payara still starts a Hazelcast of its own, and an instance alone keeps its
 * state in plain memory (ADR 0013).
 */
@ApplicationScoped
public class DataGrid {

    private static final Logger LOG = Logger.getLogger(DataGrid.class.getName());

    @Inject
    @ConfigProperty(name = "TOLLGATE_CLUSTER_MEMBERS")
    Optional<String> configuredMembers;

    private HazelcastInstance grid;
    private volatile int memberCount = 1;

    void joinAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (clustered()) {
            grid();
        }
    }

    /**
     * A map all instances share, or empty when this instance is alone. Keys and values must be JDK
     * types ({@code String}, {@code Long}, ...): Payara's grid serializer loads application classes
     * only in some threads (ADR 0013).
     */
    public <K, V> Optional<IMap<K, V>> sharedMap(String name) {
        return clustered() ? Optional.of(grid().getMap(name)) : Optional.empty();
    }

    /**
     * A topic all instances publish to and hear (themselves included), or empty when alone. Messages
     * must be JDK types, as map entries.
     */
    public <M> Optional<ITopic<M>> sharedTopic(String name) {
        return clustered() ? Optional.of(grid().getTopic(name)) : Optional.empty();
    }

    /** Looked up once, by whichever bean needs it first (beans may be created before the start event). */
    private synchronized HazelcastInstance grid() {
        if (grid != null) {
            return grid;
        }
        try {
            grid = InitialContext.doLookup("payara/Hazelcast");
        } catch (NamingException e) {
            throw new IllegalStateException(
                    "TOLLGATE_CLUSTER_MEMBERS is set but Payara's data grid is not available (payara/Hazelcast)", e);
        }
        grid.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed("joined", event);
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed("left", event);
            }
        });
        report(grid.getCluster().getMembers(), "at start");
        return grid;
    }

    /** Whether this instance was told to share a grid with others. */
    public boolean clustered() {
        return configuredMembers.filter(members -> !members.isBlank()).isPresent();
    }

    /** Members of the grid, this instance included; 1 when alone. */
    public int memberCount() {
        return memberCount;
    }

    private void changed(String what, MembershipEvent event) {
        report(event.getMembers(), event.getMember().getAddress() + " " + what);
    }

    private void report(Set<Member> members, String why) {
        memberCount = members.size();
        LOG.info("Data grid: " + members.size() + " member(s) (" + why + "): "
                + members.stream().map(member -> member.getAddress().toString()).collect(Collectors.joining(", ")));
    }
}
