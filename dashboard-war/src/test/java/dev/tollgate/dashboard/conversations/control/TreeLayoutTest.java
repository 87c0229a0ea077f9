package dev.tollgate.dashboard.conversations.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.dashboard.conversations.entity.ConversationTree;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Kind;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Lane;
import dev.tollgate.dashboard.conversations.entity.ConversationTree.Node;
import dev.tollgate.dashboard.conversations.entity.Turn;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeLayoutTest {

    private static final String CONVERSATION = "c0000000-0000-0000-0000-000000000001";
    private static final String SUB_AGENT = "5a000000-0000-0000-0000-000000000002";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Turn turn(int second, String id, String conversation, String branch, String parent, String current) {
        return turn(second, id, conversation, branch, parent, current, null);
    }

    private static Turn turn(
            int second, String id, String conversation, String branch, String parent, String current, String task) {
        return new Turn(
                id,
                conversation,
                T0.plusSeconds(second),
                branch,
                parent,
                current,
                task,
                1,
                "claude-sonnet-4-5",
                200,
                5,
                task != null);
    }

    /** a main line of three turns, an edit of the second turn, and a sub-agent started by the first answer */
    private static final List<Turn> TURNS = List.of(
            turn(0, "r1", CONVERSATION, "main", null, "h1"),
            turn(1, "s1", SUB_AGENT, "main", null, "x1", "r1"),
            turn(2, "r2", CONVERSATION, "main", "h1", "h2"),
            turn(3, "s2", SUB_AGENT, "main", "x1", "x2", "r1"),
            turn(4, "r3", CONVERSATION, "main", "h2", "h3"),
            turn(5, "b2", CONVERSATION, "branch_100005_b2", "h1", "h2b"));

    private static Node node(ConversationTree tree, String requestId) {
        return tree.nodes().stream()
                .filter(node -> node.turn().requestId().equals(requestId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theMainLineIsTheFirstLaneAndEveryOtherLaneFollowsInTheOrderItBegan() {
        ConversationTree tree = TreeLayout.layout(CONVERSATION, TURNS);
        assertThat(tree.lanes()).extracting(Lane::kind).containsExactly(Kind.MAIN, Kind.SUB_AGENT, Kind.BRANCH);
        assertThat(tree.lanes())
                .extracting(Lane::conversationId)
                .containsExactly(CONVERSATION, SUB_AGENT, CONVERSATION);
        assertThat(node(tree, "r3").x()).isEqualTo(node(tree, "r1").x());
        assertThat(node(tree, "s2").x())
                .isEqualTo(node(tree, "s1").x())
                .isNotEqualTo(node(tree, "r1").x());
        assertThat(node(tree, "b2").kind()).isEqualTo(Kind.BRANCH);
    }

    @Test
    void rowsFollowTimeSoParallelWorkReadsSideBySide() {
        ConversationTree tree = TreeLayout.layout(CONVERSATION, TURNS);
        assertThat(tree.nodes()).extracting(Node::y).isSorted().doesNotHaveDuplicates();
        assertThat(tree.height()).isEqualTo(2 * TreeLayout.MARGIN + 5 * TreeLayout.ROW_HEIGHT);
        assertThat(tree.nodes()).allSatisfy(node -> assertThat(node.labelX()).isGreaterThan(node.x()));
    }

    @Test
    void eachTurnHangsFromTheTurnItContinuedAndASubAgentFromTheTurnThatStartedIt() {
        ConversationTree tree = TreeLayout.layout(CONVERSATION, TURNS);
        // one edge per turn but the first: r1-s1 (spawn), s1-s2, r1-r2, r2-r3, r1-b2 (the edit forks off r1)
        assertThat(tree.edges()).hasSize(5);
        Node r1 = node(tree, "r1");
        Node b2 = node(tree, "b2");
        Node s1 = node(tree, "s1");
        assertThat(tree.edges())
                .extracting(ConversationTree.Edge::path)
                .contains(TreeLayout.path(r1, b2), TreeLayout.path(r1, s1), TreeLayout.path(r1, node(tree, "r2")));
        assertThat(TreeLayout.path(r1, node(tree, "r2"))).isEqualTo("M14 14 L14 62");
        assertThat(TreeLayout.path(r1, b2)).startsWith("M14 14 C").endsWith(" L" + b2.x() + " " + b2.y());
    }

    @Test
    void aTurnWithoutHashesContinuesItsLaneAndNothingIsEmptyDrawn() {
        ConversationTree tree = TreeLayout.layout(
                CONVERSATION,
                List.of(turn(0, "r1", CONVERSATION, null, null, null), turn(1, "r2", CONVERSATION, null, null, null)));
        assertThat(tree.lanes()).hasSize(1);
        assertThat(tree.edges()).extracting(ConversationTree.Edge::path).containsExactly("M14 14 L14 38");
        assertThat(TreeLayout.layout(CONVERSATION, List.of())).isSameAs(ConversationTree.EMPTY);
    }
}
