package dev.tollgate.dashboard.conversations.control;

import dev.tollgate.dashboard.conversations.entity.ConversationTree;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Edge;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Kind;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Lane;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Node;
import dev.tollgate.dashboard.conversations.entity.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a conversation and its sub-agents' turns like a commit graph: the main line straight
 * down the first lane, each branch (an edit, a regenerated answer, a compaction) and each sub-agent
 * in a lane of its own that forks off the turn it grew from. Rows follow time, so what ran in
 * parallel reads side by side.
 */
public final class TreeLayout {

    static final int LANE_WIDTH = 22;
    static final int ROW_HEIGHT = 24;
    static final int MARGIN = 14;

    private TreeLayout() {}

    /**
     * @param conversationId the conversation shown; turns of other conversations are its sub-agents'
     * @param turns in time order
     */
    public static ConversationTree layout(String conversationId, List<Turn> turns) {
        if (turns.isEmpty()) {
            return ConversationTree.EMPTY;
        }
        Map<String, Lane> lanes = lanes(conversationId, turns);
        int labelX = MARGIN + lanes.size() * LANE_WIDTH;
        Map<String, Node> byRequest = new HashMap<>();
        // per conversation, the latest turn so far that sent each hash: what a later turn continues
        Map<String, Map<String, Node>> byHash = new HashMap<>();
        Map<String, Node> lastInLane = new HashMap<>();
        List<Node> nodes = new ArrayList<>(turns.size());
        List<Edge> edges = new ArrayList<>();
        for (Turn turn : turns) {
            Lane lane = lanes.get(laneKey(turn));
            Node node = new Node(turn, lane.x(), MARGIN + nodes.size() * ROW_HEIGHT, labelX, lane.kind());
            Map<String, Node> hashes = byHash.computeIfAbsent(turn.conversationId(), any -> new HashMap<>());
            Node parent = turn.parentHash() == null ? null : hashes.get(turn.parentHash());
            if (parent == null && !conversationId.equals(turn.conversationId()) && turn.parentTaskRequestId() != null) {
                parent = byRequest.get(turn.parentTaskRequestId());
            }
            if (parent == null) {
                // the linker found no parent by hash (a first turn, or hashes absent): the lane's last turn
                parent = lastInLane.get(laneKey(turn));
            }
            if (parent != null) {
                edges.add(new Edge(path(parent, node), lane.kind()));
            }
            nodes.add(node);
            byRequest.put(turn.requestId(), node);
            if (turn.currentHash() != null) {
                hashes.put(turn.currentHash(), node);
            }
            lastInLane.put(laneKey(turn), node);
        }
        return new ConversationTree(
                List.copyOf(lanes.values()), nodes, edges, labelX + 480, MARGIN * 2 + (nodes.size() - 1) * ROW_HEIGHT);
    }

    /** The shown conversation's main line first, then every other lane in the order it began. */
    private static Map<String, Lane> lanes(String conversationId, List<Turn> turns) {
        List<Turn> firsts = new ArrayList<>();
        Map<String, Turn> seen = new LinkedHashMap<>();
        for (Turn turn : turns) {
            if (seen.putIfAbsent(laneKey(turn), turn) == null) {
                firsts.add(turn);
            }
        }
        firsts.sort((a, b) -> Boolean.compare(!isMainOf(a, conversationId), !isMainOf(b, conversationId)));
        Map<String, Lane> lanes = new LinkedHashMap<>();
        for (Turn first : firsts) {
            int index = lanes.size();
            Kind kind = !conversationId.equals(first.conversationId())
                    ? Kind.SUB_AGENT
                    : first.onMain() ? Kind.MAIN : Kind.BRANCH;
            lanes.put(
                    laneKey(first),
                    new Lane(
                            index + 1,
                            MARGIN + index * LANE_WIDTH,
                            kind,
                            first.branchId() == null ? "main" : first.branchId(),
                            first.conversationId()));
        }
        return lanes;
    }

    private static boolean isMainOf(Turn turn, String conversationId) {
        return conversationId.equals(turn.conversationId()) && turn.onMain();
    }

    private static String laneKey(Turn turn) {
        return turn.conversationId() + "/" + (turn.branchId() == null ? "main" : turn.branchId());
    }

    /** Straight down within a lane; into another lane, a curve over one row and then straight down. */
    static String path(Node from, Node to) {
        if (from.x() == to.x()) {
            return "M" + from.x() + " " + from.y() + " L" + to.x() + " " + to.y();
        }
        int bend = from.y() + ROW_HEIGHT;
        int middle = from.y() + ROW_HEIGHT / 2;
        return "M" + from.x() + " " + from.y() + " C" + from.x() + " " + middle + " " + to.x() + " " + middle + " "
                + to.x() + " " + bend + " L" + to.x() + " " + to.y();
    }
}
