package dev.tollgate.clientauth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientKeyRingTest {

    @Test
    void failuresAreCountedPerTrainAndAFloodOfInventedTrainIdsSharesOneCounter() {
        ClientKeyRing cut = new ClientKeyRing();
        cut.authenticate("cnp_live_wrong", "team-a", null);
        cut.authenticate("cnp_live_wrong", "team-a", null);
        for (int i = 0; i < ClientKeyRing.MAX_COUNTED_TRAINS + 4; i++) {
            cut.authenticate("cnp_live_wrong", "invented-" + i, null);
        }

        assertThat(cut.failuresByTrain())
                .hasSize(ClientKeyRing.MAX_COUNTED_TRAINS + 1)
                .containsEntry("team-a", 2L)
                .containsEntry(ClientKeyRing.OTHER_TRAINS, 5L);
    }
}
