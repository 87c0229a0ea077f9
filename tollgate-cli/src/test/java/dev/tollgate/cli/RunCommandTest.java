package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunCommandTest {

    @Test
    void aloneByDefault() {
        assertThat(RunCommand.gridMembers(null, false)).isNull();
        assertThat(RunCommand.gridMembers("  ", false)).isNull();
    }

    @Test
    void clusterWithoutMembersJoinsTheLoopbackGrid() {
        assertThat(RunCommand.gridMembers(null, true)).isEqualTo("127.0.0.1:5900,127.0.0.1:5901,127.0.0.1:5902");
    }

    @Test
    void configuredMembersAreJoinedWithOrWithoutTheFlag() {
        assertThat(RunCommand.gridMembers(" 10.0.0.5:5900,10.0.0.6:5900 ", false))
                .isEqualTo("10.0.0.5:5900,10.0.0.6:5900");
        assertThat(RunCommand.gridMembers("10.0.0.5:5900", true)).isEqualTo("10.0.0.5:5900");
    }
}
