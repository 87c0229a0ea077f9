package dev.tollgate.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PayaraMicroProcessTest {

    @Test
    void theHeapAndFurtherJvmOptionsComeFromTheSettingsGivenToTollgate() {
        assertThat(PayaraMicroProcess.jvmOptions(
                        Map.of("TOLLGATE_HEAP", "1g", "TOLLGATE_JAVA_OPTS", "  -XX:+UseParallelGC   -Xss512k ")))
                .containsExactly("-Xmx1g", "-XX:+UseParallelGC", "-Xss512k");
    }

    @Test
    void withoutSettingsTheHeapIsBounded() {
        // unless this test's own environment sets them: then they must win, as for ./tollgate run
        String heap = System.getenv().getOrDefault("TOLLGATE_HEAP", "512m");
        assertThat(PayaraMicroProcess.jvmOptions(Map.of())).startsWith("-Xmx" + heap);
    }

    @Test
    void aloneUnlessClusterMembersAreGiven() {
        assertThat(PayaraMicroProcess.dataGridOptions(Map.of("TOLLGATE_CLUSTER_MEMBERS", " "), 3000))
                .containsExactly("--nocluster");
    }

    @Test
    void clusterMembersMakeTheInstanceJoinThemOverTcpIpWithoutHostAwarePartitions() {
        assertThat(PayaraMicroProcess.dataGridOptions(
                        Map.of("TOLLGATE_CLUSTER_MEMBERS", "127.0.0.1:5902, 127.0.0.1:5901,127.0.0.1:5903"), 3001))
                .containsExactly(
                        "--clustername",
                        "tollgate",
                        "--clustermode",
                        "tcpip:127.0.0.1:5902,127.0.0.1:5901,127.0.0.1:5903",
                        "--interfaces",
                        "127.0.0.1",
                        "--startport",
                        "5901",
                        "--name",
                        "tollgate-3001",
                        "--nohostaware");
    }

    @Test
    void theGridSettingsCanBeGivenOneByOne() {
        assertThat(PayaraMicroProcess.dataGridOptions(
                        Map.of(
                                "TOLLGATE_CLUSTER_MEMBERS", "10.0.0.5:6000,10.0.0.6:6000",
                                "TOLLGATE_CLUSTER_INTERFACE", "10.0.0.6",
                                "TOLLGATE_CLUSTER_PORT", "6000",
                                "TOLLGATE_CLUSTER_NAME", "gateway-eu",
                                "TOLLGATE_INSTANCE_NAME", "eu-2",
                                "TOLLGATE_CLUSTER_HOST_AWARE", "true"),
                        3000))
                .containsExactly(
                        "--clustername",
                        "gateway-eu",
                        "--clustermode",
                        "tcpip:10.0.0.5:6000,10.0.0.6:6000",
                        "--interfaces",
                        "10.0.0.6",
                        "--startport",
                        "6000",
                        "--name",
                        "eu-2",
                        "--hostaware");
    }

    @Test
    void aMemberWithoutAPortOrABadGridPortIsRefusedByName() {
        assertThatThrownBy(() -> PayaraMicroProcess.dataGridOptions(
                        Map.of("TOLLGATE_CLUSTER_MEMBERS", "127.0.0.1:5900,grid-2"), 3000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'grid-2' is not host:port");
        assertThatThrownBy(() -> PayaraMicroProcess.dataGridOptions(
                        Map.of("TOLLGATE_CLUSTER_MEMBERS", "127.0.0.1:5900", "TOLLGATE_CLUSTER_PORT", "99999"), 3000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOLLGATE_CLUSTER_PORT");
    }
}
