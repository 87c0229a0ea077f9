package dev.tollgate.alerts.boundary;

import dev.tollgate.alerts.entity.Alert;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the observers raise instead of rate-limiting and sending it. */
class RecordingDispatcher extends AlertDispatcher {

    final List<Alert> raised = new ArrayList<>();

    @Override
    public void raise(Alert alert) {
        raised.add(alert);
    }
}
