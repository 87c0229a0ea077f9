package dev.tollgate.dashboard.conversations.entity;

import java.util.List;

/**
 * A conversation drawn as lanes over time, as the page's SVG shows it: one lane per branch, one per
 * sub-agent's branch, a row per turn in time order, and the edges from each turn to the one it
 * continued (or, for a sub-agent's first turn, to the turn whose answer started it).
 */
public record ConversationTree(List<Lane> lanes, List<Node> nodes, List<Edge> edges, int width, int height) {

    public static final ConversationTree EMPTY = new ConversationTree(List.of(), List.of(), List.of(), 0, 0);

    /** What a lane holds; also the CSS class it is drawn with. */
    public enum Kind {
        MAIN,
        BRANCH,
        SUB_AGENT;

        public String cssClass() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param number shown above the lane and in the legend, from 1
     * @param conversationId the conversation the lane belongs to: a sub-agent's lane links to its own
     */
    public record Lane(int number, int x, Kind kind, String branchId, String conversationId) {}

    /** A turn at its place; {@code labelX} is where its line of text starts, right of every lane. */
    public record Node(Turn turn, int x, int y, int labelX, Kind kind) {}

    /** An SVG path from a turn to the one that continued it; {@code kind} is the later turn's lane's. */
    public record Edge(String path, Kind kind) {}
}
