package dev.tollgate.sim;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One simulator per test class, and a clean slate (no recordings, no queued scenarios) per test. */
abstract class SimulatorTestBase {

    static UpstreamSimulator simulator;
    static SimulatorClient client;

    @BeforeAll
    static void startSimulator() throws IOException {
        simulator = UpstreamSimulator.start(0);
        client = new SimulatorClient(simulator.baseUrl());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void forgetEarlierTests() {
        simulator.clearRecordedRequests();
        simulator.clearScenarios();
    }
}
