package dev.tollgate.edge;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.relay.boundary.RelayedResponse;
import dev.tollgate.relay.control.StreamThreads;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Maps the relay's answer to a JAX-RS response: upstream status and headers, body or event stream. */
final class RelayResponses {

    /** Tollgate's id of the request: the journal row's {@code request_id}. */
    static final String REQUEST_ID_HEADER = "x-tollgate-request-id";

    private static final byte[] NOTHING = new byte[0];

    /**
     * Answers a suspended request: an event stream on a relay thread of its own (the request thread
     * goes back to the servlet container at once, ADR 0012), anything else on this thread. A
     * refusal thrown while the answer is made is mapped as a resource method's would be.
     */
    static void resume(AsyncResponse async, Supplier<Response> answer, StreamThreads streamThreads) {
        Response response;
        try {
            response = answer.get();
        } catch (RuntimeException refused) {
            async.resume(refused);
            return;
        }
        if (!(response.getEntity() instanceof StreamingOutput)
                || !streamThreads.tryRelay(() -> async.resume(response))) {
            async.resume(response);
        }
    }

    private RelayResponses() {}

    static Response toResponse(RelayedResponse relayed, UUID requestId) {
        Response.ResponseBuilder response = Response.status(relayed.status());
        for (Header header : relayed.headers()) {
            response.header(header.name(), header.value());
        }
        response.header(REQUEST_ID_HEADER, requestId.toString());
        if (relayed.isEventStream()) {
            response.header("x-accel-buffering", "no"); // tells an nginx in front not to buffer the stream
            response.entity(eventStream(relayed::writeTo));
        } else {
            // the body is complete: say how long it is rather than streaming it chunked
            response.header("content-length", relayed.body().length);
            response.entity(relayed.body());
        }
        return response.build();
    }

    /**
     * An event stream whose status and headers go to the client at once, not with its first event:
     * a client sees {@code 200}, the rate-limit headers and the request id while the model is still
     * thinking (the API sends them that way). Jersey commits the response on the first write, even
     * an empty one (with {@code contentLength.buffer} 0), but not on a flush; the flush then pushes
     * the committed headers through the servlet container.
     */
    static StreamingOutput eventStream(Consumer<OutputStream> relay) {
        return client -> {
            client.write(NOTHING);
            client.flush();
            relay.accept(client);
        };
    }
}
